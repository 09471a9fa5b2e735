// A test double of the ACS Calling SDK's UserFacingDiagnosticsFeature, built to
// @azure/communication-calling 2.0.0's types/communication-calling.d.ts:
//
//   interface UserFacingDiagnosticsFeature extends CallFeature {   // CallFeature: BaseFeature: Disposable
//     readonly name: string; dispose(): void;
//     readonly network: NetworkDiagnostics; readonly media: MediaDiagnostics; readonly remote: RemoteDiagnostics;
//   }
//   interface MediaDiagnostics / NetworkDiagnostics {
//     getLatest(): Latest{Media,Network}Diagnostics;                // { [name]?: {value, valueType} }
//     on(event: 'diagnosticChanged', listener: (args: {diagnostic, value, valueType}) => void): void;
//     off(event: 'diagnosticChanged', listener): void;
//   }
//   DiagnosticQuality { Good = 1, Poor = 2, Bad = 3 }; DiagnosticValueType = 'DiagnosticQuality' | 'DiagnosticFlag'
//
// and `remote` to the beta line's types/communication-calling-beta.d.ts (@azure/communication-calling
// 1.36.1-beta.1; stable 2.0.0 has no `remote`: `new UfdFeatureDouble({remote: false})`):
//
//   interface RemoteDiagnostics {
//     isSendingDiagnosticsEnabled: boolean; startSendingDiagnostics(): void; stopSendingDiagnostics(): void;
//     getLatest(): RemoteParticipantDiagnosticsData;                 // { diagnostics: RemoteDiagnostic[] }
//     on(event: 'diagnosticChanged', listener: (args: RemoteParticipantDiagnosticsData) => void): void;
//     off(event: 'diagnosticChanged', listener): void;
//   }
//   type RemoteDiagnostic = { readonly participantId: string; readonly rawId: string;
//     readonly remoteParticipant?: RemoteParticipant; readonly diagnostic; readonly value; readonly valueType; };
//
// CallDouble stands for the Call's participant list: `remoteParticipants` and
//   on/off(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>)
// (listener({added, removed})); a RemoteParticipant here has identifier {kind, communicationUserId, rawId},
// displayName and state, as in the d.ts.
//
// A real call's diagnostics need Azure; this is the only stand-in in the suite. Test controls
// (raise, emit, listenerCount, throwOn) are extra members that the SDK's objects do not have.
(() => {
  const MEDIA = [
    "speakingWhileMicrophoneIsMuted", "noSpeakerDevicesEnumerated", "noMicrophoneDevicesEnumerated",
    "microphoneNotFunctioning", "microphoneMuteUnexpectedly", "microphonePermissionDenied",
    "microphoneNotMuteButSilent", "cameraFreeze", "cameraStartFailed", "cameraStartTimedOut",
    "cameraStoppedUnexpectedly", "cameraPermissionDenied", "capturerStartFailed",
    "capturerStoppedUnexpectedly", "screenshareRecordingDisabled",
  ];
  const NETWORK = ["networkReconnect", "networkReceiveQuality", "networkSendQuality", "noNetwork", "networkRelaysNotReachable"];

  class Diagnostics {
    #names; #latest = {}; #listeners = new Set(); #throwOn = new Set();
    constructor(names) { this.#names = names; }
    getLatest() {
      if (this.#throwOn.has("getLatest")) throw new Error("getLatest exploded");
      return { ...this.#latest };
    }
    on(event, listener) {
      if (this.#throwOn.has("on")) throw new Error("on exploded");
      if (event !== "diagnosticChanged") throw new Error(`unknown event ${event}`);
      this.#listeners.add(listener);
    }
    off(event, listener) {
      if (this.#throwOn.has("off")) throw new Error("off exploded");
      if (event === "diagnosticChanged") this.#listeners.delete(listener);
    }
    // -- test controls --
    raise(diagnostic, value, valueType = typeof value === "boolean" ? "DiagnosticFlag" : "DiagnosticQuality") {
      this.#latest[diagnostic] = { value, valueType };
      this.emit({ diagnostic, value, valueType });
    }
    emit(payload) { for (const listener of [...this.#listeners]) listener(payload); }
    setLatest(diagnostic, value, valueType = typeof value === "boolean" ? "DiagnosticFlag" : "DiagnosticQuality") {
      this.#latest[diagnostic] = { value, valueType };
    }
    throwOn(method) { this.#throwOn.add(method); }
    get listenerCount() { return this.#listeners.size; }
    get names() { return [...this.#names]; }
  }

  const participant = (id, displayName) => ({
    identifier: { kind: "communicationUser", communicationUserId: id, rawId: id },
    displayName, state: "Connected",
  });

  class RemoteDiagnostics {
    isSendingDiagnosticsEnabled = false;
    #latest = new Map(); #listeners = new Set(); #throwOn = new Set();
    startSendingDiagnostics() { this.isSendingDiagnosticsEnabled = true; this.startCalls += 1; }
    stopSendingDiagnostics() { this.isSendingDiagnosticsEnabled = false; this.stopCalls += 1; }
    getLatest() {
      if (this.#throwOn.has("getLatest")) throw new Error("getLatest exploded");
      return { diagnostics: [...this.#latest.values()] };
    }
    on(event, listener) {
      if (event !== "diagnosticChanged") throw new Error(`unknown event ${event}`);
      this.#listeners.add(listener);
    }
    off(event, listener) { if (event === "diagnosticChanged") this.#listeners.delete(listener); }
    // -- test controls --
    startCalls = 0; stopCalls = 0;
    raise(id, diagnostic, value, { name, participantId = `participant-${id}` } = {},
          valueType = typeof value === "boolean" ? "DiagnosticFlag" : "DiagnosticQuality") {
      const entry = { participantId, rawId: id, diagnostic, value, valueType };
      if (name !== undefined) entry.remoteParticipant = participant(id, name);
      this.#latest.set(`${id}|${diagnostic}`, entry);
      this.emit({ diagnostics: [entry] });
    }
    emit(payload) { for (const listener of [...this.#listeners]) listener(payload); }
    throwOn(method) { this.#throwOn.add(method); }
    get listenerCount() { return this.#listeners.size; }
  }

  window.CallDouble = class Call {
    remoteParticipants = [];
    #listeners = new Set();
    on(event, listener) { if (event === "remoteParticipantsUpdated") this.#listeners.add(listener); }
    off(event, listener) { if (event === "remoteParticipantsUpdated") this.#listeners.delete(listener); }
    // -- test controls --
    join(id, name) {
      const joined = participant(id, name);
      this.remoteParticipants.push(joined);
      for (const listener of [...this.#listeners]) listener({ added: [joined], removed: [] });
    }
    leave(id) {
      const gone = this.remoteParticipants.filter((p) => p.identifier.rawId === id);
      this.remoteParticipants = this.remoteParticipants.filter((p) => p.identifier.rawId !== id);
      for (const p of gone) p.state = "Disconnected";
      for (const listener of [...this.#listeners]) listener({ added: [], removed: gone });
    }
    get listenerCount() { return this.#listeners.size; }
  };

  window.UfdFeatureDouble = class UserFacingDiagnosticsFeature {
    name = "UserFacingDiagnostics";
    media = new Diagnostics(MEDIA);
    network = new Diagnostics(NETWORK);
    constructor({ remote = true } = {}) {
      if (remote) this.remote = new RemoteDiagnostics();
    }
    dispose() {}
    partOf(diagnostic) { return NETWORK.includes(diagnostic) ? this.network : this.media; }
    raise(diagnostic, value, valueType) { this.partOf(diagnostic).raise(diagnostic, value, valueType); }
    get listenerCount() {
      return this.media.listenerCount + this.network.listenerCount + (this.remote?.listenerCount ?? 0);
    }
  };
  window.DiagnosticQuality = { Good: 1, Poor: 2, Bad: 3 };
})();
