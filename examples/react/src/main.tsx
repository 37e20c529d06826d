import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// A stand-in for your login flow: the server hands this page the bearer token it issued.
const { token } = (await (await fetch('/session')).json()) as { token: string };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App token={token} />
  </StrictMode>,
);
