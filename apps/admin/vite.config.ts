// Build and dev-server settings for the admin dashboard. Production: served by the API at /admin
// from the same origin, so the app calls root-relative API routes. Development: `vite` proxies
// those routes to the API.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `vite` (dev) sends API calls; another port with REELGUARD_API_ORIGIN=http://127.0.0.1:3001. */
const apiOrigin = process.env.REELGUARD_API_ORIGIN ?? 'http://127.0.0.1:3000';
const apiRoutes = ['/auth', '/users', '/videos', '/playback-sessions', '/audit', '/jobs', '/health'];

/** The player's libraries stay out of the vendor groups: only the preview chunk loads them. */
const playerModules =
  /[\\/]node_modules[\\/](video\.js|@videojs|videojs-[\w.-]+|m3u8-parser|mpd-parser|mux\.js|aes-decrypter|pkcs7|global|min-document|dom-walk|process|@xmldom|is-function)[\\/]/;

/** Vendor groups so that react, MUI and react-admin are cached apart from the app's code. */
const vendorGroups = [
  { name: 'vendor-react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
  { name: 'vendor-mui', test: /[\\/]node_modules[\\/](@mui|@emotion|@popperjs)[\\/]/, priority: 20 },
  {
    name: 'vendor-react-admin',
    test: (id: string) => /[\\/]node_modules[\\/]/.test(id) && !playerModules.test(id),
    priority: 10,
  },
];

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(apiRoutes.map((route) => [route, { target: apiOrigin, changeOrigin: false }])),
  },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
});
