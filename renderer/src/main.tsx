import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './styles/theme.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/chat.css';
import './styles/details.css';
import './styles/attachments.css';
import './styles/join.css';
import './styles/mentions.css';
import './styles/search.css';
import './styles/docker.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
