// Build and dev-server settings for the viewer app. The API serves the production build at `/`
// from its own origin; in development Vite proxies the API's routes to it.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiOrigin = process.env.REELGUARD_API_ORIGIN ?? 'http://127.0.0.1:3000';
const apiRoutes = ['/auth', '/videos', '/playback-sessions', '/health'];

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    port: 5174,
    strictPort: false,
    proxy: Object.fromEntries(apiRoutes.map((route) => [route, { target: apiOrigin, changeOrigin: false }])),
  },
  preview: {
    port: 4174,
    proxy: Object.fromEntries(apiRoutes.map((route) => [route, { target: apiOrigin, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
