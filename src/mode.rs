//! Blocking or async: the one place where the two APIs differ. Each service is written once,
//! generic over its [`Mode`]; [`Blocking`] waits for the call on the caller's thread,
//! [`Async`] returns it as a future.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::endpoint::Endpoint;
use crate::error::PlenigoError;
use crate::transport::Transport;

/// A future of a plenigo call: `Send` and `'static`, so it can be spawned. Dropping it aborts
/// the request.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T, PlenigoError>> + Send + 'static>>;

/// How a service's operations return: [`Blocking`] or [`Async`].
pub trait Mode: sealed::Sealed + Clone + Send + Sync + 'static {
    /// What an operation returns whose result is `T`.
    type Output<T: Send + 'static>;

    /// Sends `endpoint` (or returns its validation error) in this mode.
    #[doc(hidden)]
    #[allow(private_interfaces)]
    fn send<T: Send + 'static>(
        transport: &Arc<Transport>,
        endpoint: Result<Endpoint<T>, PlenigoError>,
    ) -> Self::Output<T>;
}

/// Operations return `Result<T, PlenigoError>`, waiting on the caller's thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct Blocking;

/// Operations return a [`BoxFuture`]: for async servers (axum, actix) and every executor.
#[derive(Clone, Copy, Debug, Default)]
pub struct Async;

impl Mode for Blocking {
    type Output<T: Send + 'static> = Result<T, PlenigoError>;

    #[allow(private_interfaces)]
    fn send<T: Send + 'static>(
        transport: &Arc<Transport>,
        endpoint: Result<Endpoint<T>, PlenigoError>,
    ) -> Self::Output<T> {
        transport.call_blocking(endpoint?)
    }
}

impl Mode for Async {
    type Output<T: Send + 'static> = BoxFuture<T>;

    #[allow(private_interfaces)]
    fn send<T: Send + 'static>(
        transport: &Arc<Transport>,
        endpoint: Result<Endpoint<T>, PlenigoError>,
    ) -> Self::Output<T> {
        let transport = Arc::clone(transport);
        Box::pin(async move { transport.call(endpoint?).await })
    }
}

mod sealed {
    /// Only this crate's modes exist.
    pub trait Sealed {}
    impl Sealed for super::Blocking {}
    impl Sealed for super::Async {}
}
