// Linehub site chat loader: <script src="https://hub.example.com/widget/loader.js" data-channel="web" defer></script>
// Adds one launcher button (in its own shadow root, so the page's styles and ours never mix) and
// loads the chat itself only when the visitor opens it. Nothing global is left behind.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const channel = script.dataset.channel || 'web';
  const hub = script.dataset.hub || new URL(script.src).origin;
  const host = document.createElement('div');
  host.setAttribute('data-linehub-widget', channel);
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>
    :host { all: initial; }
    .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 56px; height: 56px;
      border-radius: 50%; border: 0; background: #1f6feb; color: #fff; display: grid; place-items: center;
      cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
  </style><button class="launcher" type="button" aria-label="Chat with us" aria-expanded="false"><svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg></button>`;
  const button = root.querySelector('.launcher');
  let chat = null;
  button.addEventListener('click', async () => {
    if (!chat) {
      const { openChat } = await import(hub + '/widget/widget.js');
      chat = openChat(root, { hub, channel, onClose: () => button.setAttribute('aria-expanded', 'false') });
    } else {
      chat.toggle();
    }
    button.setAttribute('aria-expanded', String(chat.isOpen()));
  });
  document.body.appendChild(host);
})();
