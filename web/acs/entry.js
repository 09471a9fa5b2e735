// The ACS Calling SDK as one browser-ready ES module, bundled by build.py with esbuild.
// The SDK's dist-esm imports @azure/logger and @azure/communication-common by bare name.
export * from "@azure/communication-calling";
export { AzureCommunicationTokenCredential } from "@azure/communication-common";
