// Browser side of the chat room: drafts and the outbox live in localStorage so that nothing typed or
// sent is lost when the circuit drops or the page reloads. Every send carries a client message id made
// here, so a resend after a reconnect is recognised by the server and stored once.
(() => {
    const draftKey = id => `messaging.draft.${id}`;
    const outboxKey = id => `messaging.outbox.${id}`;
    const read = (key, fallback) => { try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; } };
    const write = (key, value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or disabled */ } };

    const rooms = new Map();

    function outbox(conversationId) { return read(outboxKey(conversationId), []); }

    function removeFromOutbox(conversationId, clientId) {
        write(outboxKey(conversationId), outbox(conversationId).filter(m => m.id !== clientId));
    }

    async function flush(room) {
        if (room.flushing || room.disposed) return;
        room.flushing = true;
        try {
            // The outbox is read again for every item: a message sent while an earlier one is still on its way is
            // queued behind it here (a snapshot taken at the start left it in the outbox until the next reload).
            for (let item = outbox(room.conversationId)[0]; item; item = outbox(room.conversationId)[0]) {
                if (room.disposed) return;
                let outcome;
                try {
                    outcome = item.replyTo
                        ? await room.dotnet.invokeMethodAsync('SendReplyFromOutbox', item.id, item.text, item.replyTo)
                        : await room.dotnet.invokeMethodAsync('SendFromOutbox', item.id, item.text);
                } catch {
                    // Not connected: keep the item and try again shortly.
                    scheduleFlush(room, 1500);
                    return;
                }
                removeFromOutbox(room.conversationId, item.id);
                if (outcome && outcome.rejected) {
                    // Rejected (too long, blocked, moderation...): the text goes back to the composer.
                    const box = room.textarea();
                    if (box && !box.value) { box.value = item.text; saveDraft(room); box.dispatchEvent(new Event('input', { bubbles: true })); }
                    if (item.replyTo && !room.replyTo) room.replyTo = item.replyTo;
                }
            }
        } finally {
            room.flushing = false;
        }
    }

    function scheduleFlush(room, delay) {
        clearTimeout(room.flushTimer);
        room.flushTimer = setTimeout(() => flush(room), delay);
    }

    function saveDraft(room) {
        const box = room.textarea();
        if (!box) return;
        if (box.value) write(draftKey(room.conversationId), box.value); else localStorage.removeItem(draftKey(room.conversationId));
    }

    function send(room) {
        const box = room.textarea();
        if (!box) return;
        const text = box.value;
        if (!text.trim()) return;
        // The reply target travels with the item, so a resend after a reconnect is still a reply.
        const item = room.replyTo ? { id: crypto.randomUUID(), text, replyTo: room.replyTo } : { id: crypto.randomUUID(), text };
        room.replyTo = null;
        write(outboxKey(room.conversationId), [...outbox(room.conversationId), item]);
        box.value = '';
        localStorage.removeItem(draftKey(room.conversationId));
        box.dispatchEvent(new Event('input', { bubbles: true }));
        flush(room);
    }

    window.messaging = window.messaging || {};
    window.messaging.chat = {
        // Wires the composer of one room; returns the draft to show and the pending outbox.
        attach(conversationId, composerElement, dotnet) {
            window.messaging.chat.detach(conversationId);
            const room = {
                conversationId, dotnet, disposed: false, flushing: false,
                textarea: () => composerElement.querySelector('textarea'),
            };
            room.onKeyDown = e => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                    e.preventDefault();
                    if (!room.dotnetDisabled) send(room);
                }
            };
            room.onInput = () => saveDraft(room);
            const box = room.textarea();
            box?.addEventListener('keydown', room.onKeyDown);
            box?.addEventListener('input', room.onInput);
            rooms.set(conversationId, room);
            const draft = localStorage.getItem(draftKey(conversationId));
            if (box && draft && !box.value) { box.value = JSON.parse(draft); box.dispatchEvent(new Event('input', { bubbles: true })); }
            scheduleFlush(room, 0);
            return { draft: draft ? JSON.parse(draft) : null, pending: outbox(conversationId) };
        },
        setDisabled(conversationId, disabled) {
            const room = rooms.get(conversationId);
            if (room) room.dotnetDisabled = disabled === true || disabled === 'true';
        },
        setReplyTo(conversationId, messageId) {
            const room = rooms.get(conversationId);
            if (!room) return;
            room.replyTo = messageId || null;
            room.textarea()?.focus();
        },
        sendNow(conversationId) {
            const room = rooms.get(conversationId);
            if (room) send(room);
        },
        detach(conversationId) {
            const room = rooms.get(conversationId);
            if (!room) return;
            room.disposed = true;
            clearTimeout(room.flushTimer);
            const box = room.textarea();
            box?.removeEventListener('keydown', room.onKeyDown);
            box?.removeEventListener('input', room.onInput);
            rooms.delete(conversationId);
        },
        scrollToBottom(element) { if (element) element.scrollTop = element.scrollHeight; },
        scrollToMessage(sequence) {
            document.getElementById(`msg-${sequence}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        },
        // Scrolls to a quoted message and highlights it briefly; waits a few frames for it to be rendered.
        jumpToMessage(sequence, attempt = 0) {
            const element = document.getElementById(`msg-${sequence}`);
            if (!element) {
                if (attempt < 20) requestAnimationFrame(() => window.messaging.chat.jumpToMessage(sequence, attempt + 1));
                return;
            }
            element.scrollIntoView({ block: 'center', behavior: 'smooth' });
            element.classList.add('flash');
            setTimeout(() => element.classList.remove('flash'), 1600);
        },
        // Keeps the first visible message in place while messages are added or dropped above or below it: returns
        // "id|offset" of that message, and afterwards scrolls so that it is at the same offset again.
        rememberAnchor(scroller) {
            if (!scroller) return '';
            const top = scroller.getBoundingClientRect().top;
            for (const element of scroller.querySelectorAll('[id^="msg-"]')) {
                const box = element.getBoundingClientRect();
                if (box.bottom > top) return `${element.id}|${Math.round(box.top - top)}`;
            }
            return '';
        },
        restoreAnchor(scroller, anchor) {
            const [id, offset] = (anchor || '').split('|');
            const element = id && document.getElementById(id);
            if (!scroller || !element) return;
            scroller.scrollTop += element.getBoundingClientRect().top - scroller.getBoundingClientRect().top - Number(offset);
        },
        // Watches both ends of the timeline: the top loads older messages, the bottom newer ones when the window was
        // moved back (data-has-newer on the scroller).
        observeTop(sentinel, scroller, dotnet, bottomSentinel) {
            if (!(sentinel instanceof Element) || !(scroller instanceof Element)) {
                // Nothing rendered to watch (the room only asks once its list is rendered): a harmless no-op.
                return { dispose: () => { } };
            }
            const observer = new IntersectionObserver(entries => {
                for (const entry of entries) {
                    if (!entry.isIntersecting) continue;
                    if (entry.target === sentinel) dotnet.invokeMethodAsync('LoadOlder').catch(() => { });
                    else if (scroller.dataset.hasNewer === 'true') dotnet.invokeMethodAsync('LoadNewer').catch(() => { });
                }
            }, { root: scroller, rootMargin: '200px 0px 200px 0px' });
            observer.observe(sentinel);
            if (bottomSentinel instanceof Element) observer.observe(bottomSentinel);
            // Following new messages is decided here, where the scroll position is known: while the view is at the
            // end, whatever the server adds below keeps it at the end; scrolled up to read, it stays where it is.
            const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
            let following = nearBottom();
            const onScroll = () => { following = nearBottom(); };
            scroller.addEventListener('scroll', onScroll, { passive: true });
            const follower = new MutationObserver(() => {
                if (following && scroller.dataset.hasNewer !== 'true') scroller.scrollTop = scroller.scrollHeight;
            });
            follower.observe(scroller, { childList: true, subtree: true });
            return {
                dispose: () => {
                    observer.disconnect();
                    follower.disconnect();
                    scroller.removeEventListener('scroll', onScroll);
                },
            };
        },
    };

    // Page-level helpers: visibility (presence, read receipts), the tab title and notifications.
    window.messaging.page = {
        watchVisibility(dotnet) {
            const handler = () => dotnet.invokeMethodAsync('VisibilityChanged', !document.hidden).catch(() => { });
            document.addEventListener('visibilitychange', handler);
            return { visible: !document.hidden, dispose: () => document.removeEventListener('visibilitychange', handler) };
        },
        isVisible() { return !document.hidden; },
        location() { return location.href; },
        timeZone() { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; },
        notificationPermission() { return 'Notification' in window ? Notification.permission : 'unsupported'; },
        async requestNotifications() { return 'Notification' in window ? await Notification.requestPermission() : 'unsupported'; },
        notify(title, body, url) {
            if (!('Notification' in window) || Notification.permission !== 'granted' || !document.hidden) return false;
            const n = new Notification(title, { body, tag: url });
            n.onclick = () => { window.focus(); location.href = url; };
            return true;
        },
    };
})();
