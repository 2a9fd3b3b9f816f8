// What Vite replaces in the UI's code at build time: the path the UI is served under
// (`/` on a terminal, `/kiosk-preview/` in the console's preview).
interface ImportMetaEnv {
  readonly BASE_URL: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
