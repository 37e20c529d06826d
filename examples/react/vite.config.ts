import { defineConfig } from 'vite';

// `npm run dev` serves the app on :5173 and forwards the API to `npm start`'s server on :8787.
export default defineConfig({
  // ECharts is one lazy chunk of about 570 kB (190 kB gzipped), loaded only when a chart scrolls into view.
  build: { chunkSizeWarningLimit: 600 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8787', '/session': 'http://127.0.0.1:8787' },
  },
});
