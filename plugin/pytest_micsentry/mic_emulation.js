// Installed by pytest-micsentry in every frame before the page's own scripts run.
// Emulates what Playwright cannot produce: a system-level block, a dismissed prompt, a prompt left
// open until the test answers it, a device held by another program, no device, and a silent
// microphone. The browser's own permission handling stays real: grants and denials go through
// Chromium itself (CDP), not through this script, and every track a page gets is Chromium's own.
(() => {
  const md = navigator.mediaDevices;
  if (!md || typeof md.getUserMedia !== "function" || window.__micsentryMic) return;
  const realGetUserMedia = md.getUserMedia.bind(md);
  const realEnumerate = md.enumerateDevices.bind(md);
  const realEnabled = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, "enabled");
  const realTrackClone = MediaStreamTrack.prototype.clone;
  const realStreamClone = MediaStream.prototype.clone;
  // Every audio track the page got from getUserMedia, and their clones -> the `enabled` the page last set.
  const handed = new Map();
  const held = []; // requests waiting on a prompt the test holds open: {constraints, resolve, reject}
  const mode = () => (window.__micsentryMicConf && window.__micsentryMicConf.mode) || "real";
  const wantsAudio = (constraints) => Boolean(constraints && constraints.audio);

  // A silent microphone is the same device with zero samples: the track stays Chromium's own (label,
  // deviceId, settings) and is disabled underneath, which makes Chromium deliver silence; the page
  // still reads and sets `enabled` as its own.
  function settle(track) {
    realEnabled.set.call(track, handed.get(track) && mode() !== "silent");
  }

  function adopt(track, enabled = track.enabled) {
    if (handed.has(track)) return track;
    handed.set(track, Boolean(enabled));
    Object.defineProperty(track, "enabled", {
      configurable: true,
      get: () => handed.get(track),
      set: (value) => { handed.set(track, Boolean(value)); settle(track); },
    });
    // A clone is the same source: silent with it, ended with it.
    Object.defineProperty(track, "clone", {
      configurable: true,
      writable: true,
      value: function clone() { return adopt(realTrackClone.call(track), handed.get(track)); },
    });
    settle(track);
    return track;
  }

  Object.defineProperty(MediaStream.prototype, "clone", {
    configurable: true,
    writable: true,
    value: function clone() {
      const copy = realStreamClone.call(this);
      const originals = this.getAudioTracks();
      copy.getAudioTracks().forEach((track, index) => {
        if (handed.has(originals[index])) adopt(track, handed.get(originals[index]));
      });
      return copy;
    },
  });

  function endTracks() {
    for (const track of handed.keys()) {
      if (track.readyState === "live") {
        track.stop();
        track.dispatchEvent(new Event("ended"));
      }
    }
  }

  const capture = (constraints) => realGetUserMedia(constraints).then((stream) => {
    stream.getAudioTracks().forEach((track) => adopt(track));
    return stream;
  });

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
          case "prompt-held": return new Promise((resolve, reject) => held.push({ constraints, resolve, reject }));
        }
      }
      return capture(constraints);
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
        handed.forEach((_, track) => settle(track));
        // The test moved on without answering (or answered allow or block): the requests that
        // waited get what the new state gives.
        if (next !== "prompt-held") {
          for (const { constraints, resolve, reject } of held.splice(0)) md.getUserMedia(constraints).then(resolve, reject);
        }
        if ((before === "no-device") !== (next === "no-device")) md.dispatchEvent(new Event("devicechange"));
      },
      // How many requests wait on the held prompt.
      waiting: () => held.length,
      // The person closes the held prompt without a choice. (Allow and block are the permission
      // set and the state left: apply() above hands the requests to Chromium.)
      dismiss() {
        for (const { reject } of held.splice(0)) reject(new DOMException("Permission dismissed", "NotAllowedError"));
      },
    },
  });
})();
