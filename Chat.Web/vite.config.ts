import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The node serves dist/ as its wwwroot (Chat.Server.csproj copies it). The page's CSP allows only
// same-origin scripts and styles, so nothing may be inlined into index.html. Chat.Server.csproj takes the
// 8-character hash in Vite's default assets/[name]-[hash] names as each file's fingerprint (cached for a
// year as immutable), so keep those names.
export default defineConfig({
  base: '/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev` against a node started with `dotnet run --project Chat.Server`.
    proxy: {
      '/api': 'http://localhost:5000',
      '/hubs': { target: 'http://localhost:5000', ws: true },
    },
  },
});
