// TypeScript declarations for micsentry's public contract (README: "Embed it in your calling app").
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
  | "insecure-context" | "policy-blocked" | "unsupported" | "unknown-error" | "mic-silent" | "failure";
/** Why an in-call banner shows. */
export type IncallCause =
  | "mic-permission-denied" | "network-reconnect" | "no-device" | "mic-not-functioning"
  | "mic-muted-unexpectedly" | "mic-silent" | "speaking-while-muted";

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
  attach(diagnostics: UserFacingDiagnosticsLike): boolean | undefined;
  /** Follow a live local audio stream's browser signals (any WebRTC stack). */
  watch(stream: MediaStream): boolean | undefined;
  /** Stop following the call; every listener removed, the in-call banner gone. */
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
  lang?: string;
}

// -- embed.html: the postMessage protocol, version 1 -------------------------------------------------
export const PROTOCOL_VERSION: 1;
export const CHANGE_EVENT: "micsentry:change";

/** Messages the embedding page sends to the frame. */
export type HostMessage =
  | { micsentry: 1; type: "attach" }
  | { micsentry: 1; type: "diagnostic"; diagnostic: string; value: boolean | number; valueType: string }
  | { micsentry: 1; type: "detach" }
  | { micsentry: 1; type: "recheck" };

/** Messages the frame sends to the embedding page (only to its exact origin). */
export type FrameMessage =
  | { micsentry: 1; type: "ready"; runtime: Runtime }
  | { micsentry: 1; type: "change"; detail: MicSentryChangeDetail }
  | { micsentry: 1; type: "rejected"; reason: string };

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
