// <mic-sentry> in React's JSX (React 19 types): `import "micsentry/react";` once in the app.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { MicSentryAttributes, MicSentryElement } from "./index.js";

export type MicSentryProps = DetailedHTMLProps<HTMLAttributes<MicSentryElement>, MicSentryElement> &
  MicSentryAttributes;

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "mic-sentry": MicSentryProps;
    }
  }
}
