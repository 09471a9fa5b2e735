// The example calling app's own code (a file, not inline: the site's Content-Security-Policy runs no
// inline script). What a calling app does with micsentry: events from the widget and the iframe.
const widget = document.getElementById("widget");
const frame = document.getElementById("frame");
const micsentryOrigin = new URL(frame.src).origin;
const log = (text) => {
  const item = document.createElement("li");
  item.textContent = text;  // text, never HTML
  document.getElementById("log").prepend(item);
};
const toFrame = (message) => frame.contentWindow.postMessage({ micsentry: 1, ...message }, micsentryOrigin);

document.addEventListener("micsentry:change", ({ detail }) => log(`widget: ${JSON.stringify(detail)}`));
window.addEventListener("message", (event) => {
  if (event.origin !== micsentryOrigin || event.data?.micsentry !== 1) return;  // exact origin, our protocol
  // The frame says how tall its content is: no banner or button is cut off at its bottom.
  if (event.data.type === "resize") { frame.style.height = `${event.data.height}px`; return; }
  log(`iframe: ${JSON.stringify(event.data)}`);
});

let stream = null;
document.getElementById("call").addEventListener("click", async (event) => {
  if (stream) {
    widget.detach();
    stream.getTracks().forEach((track) => track.stop());
    stream = null;
    event.target.textContent = "Start pretend call";
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    log(`pretend call: ${error.name}: ${error.message}`);
    return;
  }
  widget.watch(stream);          // micsentry follows the browser's own signals
  event.target.textContent = "End pretend call";
});

document.getElementById("join").addEventListener("click", async () => {
  const status = document.getElementById("acs-status");
  try {
    const sdk = await import("../runtime/acs-2.0.0/communication-calling.js");
    const client = new sdk.CallClient();
    const deviceManager = await client.getDeviceManager();
    await deviceManager.askDevicePermission({ audio: true, video: false });
    const agent = await client.createCallAgent(new sdk.AzureCommunicationTokenCredential(document.getElementById("token").value.trim()));
    const call = agent.join({ groupId: document.getElementById("group").value.trim() }, { audioOptions: { muted: false } });
    const diagnostics = call.feature(sdk.Features.UserFacingDiagnostics);
    widget.attach(diagnostics);   // the widget follows the call's diagnostics
    toFrame({ type: "attach" });   // the iframe gets them forwarded
    for (const part of [diagnostics.media, diagnostics.network]) {
      part.on("diagnosticChanged", ({ diagnostic, value, valueType }) => toFrame({ type: "diagnostic", diagnostic, value, valueType }));
    }
    status.textContent = "In the call.";
  } catch (error) {
    status.textContent = `Could not join: ${error.name}: ${error.message}`;
  }
});
