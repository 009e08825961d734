import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../common/styles.css';
import { App } from './app';
import { t } from './strings';

document.title = t('title');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
