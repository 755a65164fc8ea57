//! Where requests run. The async API runs each request as a task on the library's own
//! tokio runtime ([`spawn`]), made on first use, whose two threads keep one connection pool
//! per client for every caller (a Kotlin coroutine, a Swift task, an asyncio loop, a tokio
//! task); dropping the waiting future (cancelling the call) aborts the task and closes its
//! connection.
//!
//! The blocking API runs the request on the caller's own thread ([`block_on`]): each thread
//! that calls keeps a single-threaded runtime (and the transport keeps, per client, a
//! connection pool for that thread), so a call is one wait on the socket with no hand-off
//! between threads (the hand-off was five context switches and a quarter of a call's CPU).
//! A thread already inside a tokio runtime cannot start another one; its blocking calls wait
//! for a task on the library's runtime instead, as the async API does.

use std::cell::OnceCell;
use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

/// The library's runtime, made on first use (so a process that forks before using the
/// library, as php-fpm does, makes it in each worker).
fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("plenigo-engine")
            .enable_all()
            .build()
            .expect("the plenigo engine cannot start its threads")
    })
}

/// Runs `future` as a task on the engine and waits for it; dropping the returned future
/// aborts the task. A panic in the task resumes in the caller (where the FFI layers catch it).
pub(crate) async fn spawn<T: Send + 'static>(
    future: impl Future<Output = T> + Send + 'static,
) -> T {
    let mut task = AbortOnDrop(runtime().spawn(future));
    match (&mut task.0).await {
        Ok(value) => value,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => unreachable!("only dropping the caller's future cancels the task"),
    }
}

/// A task handle that aborts its task when dropped (a cancelled call).
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs a blocking call to completion on the calling thread: `here()` on the thread's own
/// single-threaded runtime (made on the thread's first blocking call, dropped with the
/// thread). Inside a tokio runtime, where another one cannot start, `elsewhere()` (the
/// request as a task on the library's runtime) is waited for instead.
pub(crate) fn block_on<T, Here, Elsewhere>(
    here: impl FnOnce() -> Here,
    elsewhere: impl FnOnce() -> Elsewhere,
) -> T
where
    Here: Future<Output = T>,
    Elsewhere: Future<Output = T>,
{
    thread_local! {
        static RUNTIME: OnceCell<Runtime> = const { OnceCell::new() };
    }
    if tokio::runtime::Handle::try_current().is_ok() {
        return pollster::block_on(elsewhere());
    }
    RUNTIME.with(|runtime| {
        runtime
            .get_or_init(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("the plenigo engine cannot make a runtime for this thread")
            })
            .block_on(here())
    })
}
