import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev:web` sends what is not a page: the api started with `npm run start:api`. */
const API = process.env.DIALER_API_URL ?? 'http://127.0.0.1:3000';
const API_PREFIXES = ['/auth', '/agent', '/campaigns', '/lists', '/imports', '/leads', '/dnc', '/users', '/floor', '/reports', '/health', '/docs', '/dashboard', '/twilio', '/admin'];

export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The Voice SDK is loaded only when a real-Twilio softphone starts: its own chunk.
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      ...Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: API, changeOrigin: false }])),
      '/socket.io': { target: API, ws: true },
    },
  },
});
