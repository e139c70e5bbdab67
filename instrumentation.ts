// Runs once when the server boots. The Node-only work lives in lib/boot.ts, imported
// only for the Node.js runtime so the Edge bundle never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { bootServer } = await import('@/lib/boot');
    await bootServer();
  }
}
