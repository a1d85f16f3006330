// Drag and drop onto a chat room: dropped files are handed to the room's <InputFile>, which uploads them
// exactly as if they had been picked with the attach button.
export function enableDrop(input) {
    const room = input?.closest('.room');
    if (!room) return null;
    let depth = 0;
    const hasFiles = e => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = e => { if (!hasFiles(e)) return; e.preventDefault(); depth++; room.classList.add('drop-target'); };
    const onOver = e => { if (hasFiles(e)) e.preventDefault(); };
    const onLeave = e => { if (!hasFiles(e)) return; depth = Math.max(0, depth - 1); if (depth === 0) room.classList.remove('drop-target'); };
    const onDrop = e => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth = 0;
        room.classList.remove('drop-target');
        if (input.disabled || e.dataTransfer.files.length === 0) return;
        const one = new DataTransfer();
        one.items.add(e.dataTransfer.files[0]);
        input.files = one.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    room.addEventListener('dragenter', onEnter);
    room.addEventListener('dragover', onOver);
    room.addEventListener('dragleave', onLeave);
    room.addEventListener('drop', onDrop);
    return {
        dispose() {
            room.removeEventListener('dragenter', onEnter);
            room.removeEventListener('dragover', onOver);
            room.removeEventListener('dragleave', onLeave);
            room.removeEventListener('drop', onDrop);
            room.classList.remove('drop-target');
        },
    };
}
