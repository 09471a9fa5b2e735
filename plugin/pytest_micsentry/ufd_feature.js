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

  window.UfdFeatureDouble = class UserFacingDiagnosticsFeature {
    name = "UserFacingDiagnostics";
    media = new Diagnostics(MEDIA);
    network = new Diagnostics(NETWORK);
    remote = {
      isSendingDiagnosticsEnabled: false,
      startSendingDiagnostics() {}, stopSendingDiagnostics() {},
      getLatest: () => ({ diagnostics: [] }), on() {}, off() {},
    };
    dispose() {}
    partOf(diagnostic) { return NETWORK.includes(diagnostic) ? this.network : this.media; }
    raise(diagnostic, value, valueType) { this.partOf(diagnostic).raise(diagnostic, value, valueType); }
    get listenerCount() { return this.media.listenerCount + this.network.listenerCount; }
  };
  window.DiagnosticQuality = { Good: 1, Poor: 2, Bad: 3 };
})();
