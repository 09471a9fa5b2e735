// Types only: `import "micsentry/react"` (or a triple-slash reference) declares <mic-sentry> in JSX.
export {};
