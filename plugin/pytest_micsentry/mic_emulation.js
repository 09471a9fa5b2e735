// Installed by pytest-micsentry in every frame before the page's own scripts run.
// Emulates what Playwright cannot produce: a system-level block, a dismissed prompt, a device
// held by another program, no device, and a silent microphone. The browser's own permission handling stays real:
// grants and denials go through Chromium itself (CDP), not through this script.
(() => {
  const md = navigator.mediaDevices;
  if (!md || typeof md.getUserMedia !== "function" || window.__micsentryMic) return;
  const realGetUserMedia = md.getUserMedia.bind(md);
  const realEnumerate = md.enumerateDevices.bind(md);
  const handed = [];
  const mode = () => (window.__micsentryMicConf && window.__micsentryMicConf.mode) || "real";
  const wantsAudio = (constraints) => Boolean(constraints && constraints.audio);

  function endTracks() {
    for (const track of handed) {
      if (track.readyState === "live") {
        track.stop();
        track.dispatchEvent(new Event("ended"));
      }
    }
  }

  function silentTrack() {
    const context = new AudioContext();
    return context.createMediaStreamDestination().stream.getAudioTracks()[0];
  }

  Object.defineProperty(md, "getUserMedia", {
    configurable: true,
    writable: true,
    value: async function getUserMedia(constraints) {
      if (wantsAudio(constraints)) {
        switch (mode()) {
          case "os-blocked": throw new DOMException("Permission denied by system", "NotAllowedError");
          case "dismissed": throw new DOMException("Permission dismissed", "NotAllowedError");
          case "in-use": throw new DOMException("Could not start audio source", "NotReadableError");
          case "no-device": throw new DOMException("Requested device not found", "NotFoundError");
        }
      }
      let stream = await realGetUserMedia(constraints);
      if (wantsAudio(constraints) && mode() === "silent") {
        const others = stream.getTracks().filter((track) => track.kind !== "audio");
        stream.getAudioTracks().forEach((track) => track.stop());
        stream = new MediaStream([silentTrack(), ...others]);
      }
      handed.push(...stream.getAudioTracks());
      return stream;
    },
  });

  Object.defineProperty(md, "enumerateDevices", {
    configurable: true,
    writable: true,
    value: async function enumerateDevices() {
      const devices = await realEnumerate();
      return mode() === "no-device" ? devices.filter((device) => device.kind !== "audioinput") : devices;
    },
  });

  // Called by the plugin on pages that are already open when the state changes.
  Object.defineProperty(window, "__micsentryMic", {
    value: {
      apply(seq, next) {
        const conf = window.__micsentryMicConf;
        if (conf && conf.seq >= seq) return;
        const before = mode();
        window.__micsentryMicConf = { seq, mode: next };
        if (next === "no-device" || next === "in-use") endTracks();
        if ((before === "no-device") !== (next === "no-device")) md.dispatchEvent(new Event("devicechange"));
      },
    },
  });
})();
