//! The one async engine under both APIs: a tokio runtime owned by the library, made on first
//! use, whose two threads run every request as a task ([`spawn`]). The async API hands the
//! waiting to the caller's executor (a Kotlin coroutine, a Swift task, an asyncio loop, a
//! tokio task); the blocking API waits on the caller's thread ([`block_on`]). Dropping the
//! waiting future (cancelling the call) aborts the task and closes its connection.
//!
//! This is the design of reqwest's own `blocking` module, with one runtime for all clients;
//! and since nothing here calls `Runtime::block_on`, the blocking API also works when called
//! from inside another tokio runtime.

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

/// Runs `future` to completion on the calling thread: the blocking API.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    pollster::block_on(future)
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
