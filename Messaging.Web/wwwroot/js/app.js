// Small browser helpers called from the Blazor components through IJSRuntime.
window.messaging = {
    setCookie(name, value, days) {
        const expires = new Date(Date.now() + days * 864e5).toUTCString();
        document.cookie = `${encodeURIComponent(name)}=${encodeURIComponent(value)}; expires=${expires}; path=/; SameSite=Lax`;
    },
    // Light or dark: both theme stylesheets are linked, the unused one with media="not all". Switching needs no
    // round trip to the circuit, and the cookie makes the next server-rendered page start in the same mode.
    setTheme(mode) {
        document.documentElement.dataset.theme = mode;
        for (const sheet of document.querySelectorAll('link[data-theme-sheet]')) {
            sheet.media = sheet.dataset.themeSheet === mode ? 'all' : 'not all';
        }
        this.setCookie('messaging.theme', mode, 365);
    },
    // A menu that closed took its activator with it (menus are mounted only while open, and a plain button stands in
    // otherwise): focus goes back to that button, unless the chosen item already moved it somewhere on purpose.
    // A menu just opened from its button: its first item takes the focus, so arrow keys and Escape (handled by the
    // menu) work at once. The popover may be drawn a frame later than the menu.
    focusOpenMenu(attempt = 0) {
        const item = document.querySelector('.mud-popover-open [role=menuitem]');
        if (item) item.focus();
        else if (attempt < 10) requestAnimationFrame(() => this.focusOpenMenu(attempt + 1));
    },
    restoreFocus(selector) {
        if (document.activeElement && document.activeElement !== document.body) return;
        document.querySelector(selector)?.focus();
    },
};

// A message's hover buttons (report, react, more) are plain markup marked with data-bubble-action; one Blazor handler
// on their container (@onbubbleaction, BubbleActionEventArgs) is told which was clicked. Registered before Blazor
// starts, so the first render of a room already knows the event.
window.Blazor?.registerCustomEventType('bubbleaction', {
    browserEventName: 'click',
    createEventArgs: e => ({
        action: (e.target instanceof Element && e.target.closest('button[data-bubble-action]')?.dataset.bubbleAction) || null,
    }),
});

document.addEventListener('click', e => {
    if (e.target instanceof Element && e.target.closest('[data-action=toggle-theme]')) {
        messaging.setTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark');
    }
});

// The connection banner: Blazor raises this event on the element with id components-reconnect-modal.
// Drafts and unsent messages are in localStorage, so even a reload loses nothing.
(() => {
    const banner = document.getElementById('components-reconnect-modal');
    if (!banner) return;
    let retryTimer = null;
    const text = banner.querySelector('[data-role=text]');
    const show = (message) => { banner.hidden = false; if (text) text.textContent = message; };
    const retry = async () => {
        try {
            if (await Blazor.reconnect()) return;
            if (!(await Blazor.resumeCircuit())) location.reload();
        } catch {
            retryTimer = setTimeout(retry, 3000);
        }
    };
    banner.addEventListener('components-reconnect-state-changed', e => {
        const state = e.detail.state;
        banner.dataset.state = state;
        clearTimeout(retryTimer);
        if (state === 'show' || state === 'retrying') {
            show('Connection lost. Reconnecting… what you type is kept and sent when the connection returns.');
        } else if (state === 'hide') {
            banner.hidden = true;
        } else if (state === 'failed' || state === 'paused' || state === 'resume-failed') {
            show('Still offline. Trying again…');
            retryTimer = setTimeout(retry, 3000);
        } else if (state === 'rejected') {
            show('Reconnecting…');
            location.reload();
        }
    });
})();
