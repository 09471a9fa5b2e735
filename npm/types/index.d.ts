// TypeScript declarations for micsentry's public contract (docs/embed.md and docs/reference/).
// The unions below are the contract's values; tests/site/test_npm_types.py holds them to the Python
// sources they come from.

/** The Python runtime a widget or page runs on. */
export type Runtime = "micropython" | "pyodide";
/** What a widget does: the pre-call check, the call's banners, or both (the default). */
export type Phase = "precall" | "incall" | "both";
/** The pre-call state (`data-state` of the check's root). */
export type PrecallState = "starting" | "checking" | "idle" | "ok" | "warning" | "error";
/** The in-call state (`data-incall` of the check's root). */
export type IncallState = "idle" | "ok" | "warning";
/** Why the pre-call check says what it says (`"failure"`: micsentry itself could not start). */
export type PrecallCause =
  | "ok" | "browser-denied" | "prompt-dismissed" | "os-blocked" | "no-device" | "device-in-use"
  | "insecure-context" | "policy-blocked" | "unsupported" | "no-answer" | "in-app-browser" | "unknown-error"
  | "mic-silent" | "failure";
/** Why an in-call banner shows. */
export type IncallCause =
  | "mic-permission-denied" | "network-reconnect" | "no-device" | "mic-not-functioning"
  | "mic-muted-unexpectedly" | "mic-silent" | "speaking-while-muted";

/** Why a remote participant cannot be heard (the listener's side). */
export type RemoteCause =
  | "mic-permission-denied" | "no-device" | "mic-not-functioning" | "mic-muted-unexpectedly"
  | "network-reconnect" | "not-receiving";

/** `detail` of the `micsentry:change` event (and of the iframe's `change` message). */
export type MicSentryChangeDetail =
  | {
      phase: "precall";
      state: "ok" | "warning" | "error";
      cause: PrecallCause;
      diagnostic: null;
      value: null;
    }
  | {
      phase: "incall";
      state: IncallState;
      /** null when no in-call banner shows. */
      cause: IncallCause | null;
      /** The User Facing Diagnostic whose change caused the event, else null. */
      diagnostic: string | null;
      /** That diagnostic's value as text: "true", "false", "Good", "Poor", "Bad"; else null. */
      value: string | null;
    }
  | {
      /** The listener's side: a remote participant's notice came, changed or went. */
      phase: "remote";
      /** The participant's id (ACS: the RemoteDiagnostic's rawId, else participantId; watchRemote: its id). */
      participant: string;
      /** "ok": nothing keeps them from being heard now (cleared, or they left). */
      state: "ok" | "warning";
      cause: RemoteCause | null;
      /** Their diagnostic ("remoteAudioNotReceived" for a watched track bringing no audio), else null. */
      diagnostic: string | null;
      value: string | null;
    };

export type MicSentryChangeEvent = CustomEvent<MicSentryChangeDetail>;

/** `<mic-sentry>.state`: what the widget shows now (frozen). */
export interface MicSentryState {
  readonly precall: PrecallState;
  readonly incall: IncallState;
  readonly cause: PrecallCause | null;
  readonly incallCause: IncallCause | null;
}

/**
 * What `attach()` follows: the ACS Calling SDK's `call.feature(Features.UserFacingDiagnostics)`, or
 * anything with the same shape (`media` and `network`, each with `getLatest()` and
 * `on`/`off("diagnosticChanged", listener)`).
 */
export interface UserFacingDiagnosticsLike {
  readonly media: DiagnosticsPartLike;
  readonly network: DiagnosticsPartLike;
  /** The beta line's remote diagnostics (@azure/communication-calling 1.36.1-beta.1); stable 2.0.0 has none. */
  readonly remote?: RemoteDiagnosticsLike;
}
export interface RemoteDiagnosticsLike {
  isSendingDiagnosticsEnabled: boolean;
  startSendingDiagnostics(): void;
  stopSendingDiagnostics(): void;
  getLatest(): { diagnostics: RemoteDiagnosticLike[] };
  on(event: "diagnosticChanged", listener: (args: { diagnostics: RemoteDiagnosticLike[] }) => void): void;
  off(event: "diagnosticChanged", listener: (args: { diagnostics: RemoteDiagnosticLike[] }) => void): void;
}
export interface RemoteDiagnosticLike {
  readonly participantId: string;
  readonly rawId: string;
  readonly remoteParticipant?: { readonly displayName?: string };
  readonly diagnostic: string;
  readonly value: boolean | number;
  readonly valueType: string;
}
/** Options of `attach()`. */
export interface AttachOptions {
  /** Also send this speaker's diagnostics to the others (`remote.startSendingDiagnostics()`); undone on detach. */
  share?: boolean;
  /** The call (ACS `Call`): participants who leave take their notices along. */
  call?: { on(event: "remoteParticipantsUpdated", listener: (args: { added: unknown[]; removed: unknown[] }) => void): void;
           off(event: "remoteParticipantsUpdated", listener: (args: { added: unknown[]; removed: unknown[] }) => void): void };
  /** The local stream the app sends: its audio track ending is shown at once, with or without the SDK's diagnostic. */
  stream?: MediaStream;
}
/** Options of `watchRemote()`. */
export interface WatchRemoteOptions {
  /** The remote participant's id (required). */
  id: string;
  /** Their name, shown in the notice; else a short form of the id. */
  name?: string;
}
export interface DiagnosticsPartLike {
  getLatest(): Record<string, { value: boolean | number; valueType: string } | undefined>;
  on(event: "diagnosticChanged", listener: (args: DiagnosticChangedArgs) => void): void;
  off(event: "diagnosticChanged", listener: (args: DiagnosticChangedArgs) => void): void;
}
export interface DiagnosticChangedArgs {
  diagnostic: string;
  value: boolean | number;
  valueType: "DiagnosticFlag" | "DiagnosticQuality" | string;
}

/** The methods on `window.micsentry`, on the check page's root and on `<mic-sentry>`. */
export interface MicSentryApi {
  /** Resolves once Python runs; calls made before are queued and replayed. */
  readonly ready: Promise<void>;
  /** Follow a call's User Facing Diagnostics; true when followed (undefined while queued). */
  attach(diagnostics: UserFacingDiagnosticsLike, options?: AttachOptions): boolean | undefined;
  /** Follow a live local audio stream's browser signals (any WebRTC stack). */
  watch(stream: MediaStream): boolean | undefined;
  /** Follow a remote participant's audio (any WebRTC stack): a notice when none arrives from them. */
  watchRemote(trackOrStream: MediaStreamTrack | MediaStream, options: WatchRemoteOptions): boolean | undefined;
  /** Stop following the call (and every watched remote track); every listener removed, the banners gone. */
  detach(): boolean | undefined;
  /** Run the pre-call check again. */
  recheck(): void;
}

/** The `<mic-sentry>` element. Attributes: runtime, phase, sdk, lang. */
export interface MicSentryElement extends HTMLElement, MicSentryApi {
  readonly state: MicSentryState;
  addEventListener<K extends keyof MicSentryElementEventMap>(
    type: K, listener: (this: MicSentryElement, ev: MicSentryElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MicSentryElementEventMap>(
    type: K, listener: (this: MicSentryElement, ev: MicSentryElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}
export interface MicSentryElementEventMap extends HTMLElementEventMap {
  "micsentry:change": MicSentryChangeEvent;
}

/** The attributes of `<mic-sentry>`, as strings in HTML and as props in JSX. */
export interface MicSentryAttributes {
  runtime?: Runtime;
  phase?: Phase;
  sdk?: "acs";
  /** The language of the widget's texts, a BCP 47 tag ("de", "pt-BR", "ar"...); without it the
   * browser's languages decide. Falls back by language, then to English. May change while it runs. */
  lang?: string;
}

// -- embed.html: the postMessage protocol, version 1 -------------------------------------------------
export const PROTOCOL_VERSION: 1;
export const CHANGE_EVENT: "micsentry:change";

/** Messages the embedding page sends to the frame. */
export type HostMessage =
  | { micsentry: 1; type: "attach" }
  | { micsentry: 1; type: "diagnostic"; diagnostic: string; value: boolean | number; valueType: string }
  | { micsentry: 1; type: "remote-diagnostic"; participantId: string; name?: string; diagnostic: string;
      value: boolean | number; valueType?: string }
  | { micsentry: 1; type: "detach" }
  | { micsentry: 1; type: "recheck" };

/** Messages the frame sends to the embedding page (only to its exact origin). */
export type FrameMessage =
  | { micsentry: 1; type: "ready"; runtime: Runtime }
  | { micsentry: 1; type: "change"; detail: MicSentryChangeDetail }
  | { micsentry: 1; type: "rejected"; reason: string }
  /** The frame's content height in whole CSS pixels: set the iframe's height to it. Sent once it is
   * known and again when it changes (at most every 100 ms). */
  | { micsentry: 1; type: "resize"; height: number };

/** Load micsentry.js from where the site's files are hosted; resolves once `<mic-sentry>` is defined. */
export function loadMicSentry(base?: string | URL): Promise<CustomElementConstructor>;

declare global {
  interface HTMLElementTagNameMap {
    "mic-sentry": MicSentryElement;
  }
  interface DocumentEventMap {
    "micsentry:change": MicSentryChangeEvent;
  }
  interface Window {
    /** On the check page (index.html, embed.html): the same API as the element. */
    micsentry?: MicSentryApi;
  }
}
