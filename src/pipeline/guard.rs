//! The last line of defence: drawing is written not to panic, but if it does, the panic costs one
//! figure (an error box), never the author's whole build, and prints no panic message: the
//! caller reports a located error instead.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs guarded work.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work`; `None` if it panicked.
pub(crate) fn catch<T>(work: impl FnOnce() -> T) -> Option<T> {
    static QUIET_HOOK: Once = Once::new();
    // The hook stays silent only for panics inside guarded work, on the thread doing it; every
    // other panic goes to the hook that was there before (the default one, or the embedder's).
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work)).ok();
    GUARDED.with(|g| g.set(was));
    result
}
