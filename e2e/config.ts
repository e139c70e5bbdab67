// Fixed ports and paths shared by the e2e server launcher and the specs.
export const E2E = {
  appPort: 3107,
  hubPort: 4017,
  pgPort: 55437,
  dataDir: '.e2e-data',
  get baseUrl() {
    return `http://localhost:${this.appPort}`;
  },
  get hubUrl() {
    return `http://127.0.0.1:${this.hubPort}`;
  },
  /** The embedded database the e2e server uses (user and password are the embedded defaults). */
  get databaseUrl() {
    return `postgresql://hubkeeper:hubkeeper-local@127.0.0.1:${this.pgPort}/hubkeeper`;
  },
} as const;
