//! The error every UniFFI call raises, and [`ErrorKind`], both derived from the core's table of
//! error kinds: one variant per kind, each with the same fields.

/// Expands the core's table into the foreign error and kind.
macro_rules! foreign_error {
    ($($(#[doc = $doc:literal])* $kind:ident = $number:literal, status [$($status:pat)?], code $code:expr, $text:literal;)*) => {
        /// A failed plenigo call: one variant per [`ErrorKind`]. Every variant has the same
        /// fields; its text (`str()`, `message`, `description`) is the human message.
        #[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
        #[uniffi::export(Display)]
        pub enum PlenigoError {
            $($(#[doc = $doc])* $kind {
                /// The rejected parameter or config field (only for `InvalidInput`).
                field: Option<String>,
                /// The HTTP status of the server's answer, where there was one.
                status: Option<i32>,
                /// plenigo's error code.
                code: i32,
                /// The message without its kind: the reason, or the server's description.
                detail: String,
                /// A non-idempotent request was sent but its answer was lost.
                outcome_unknown: bool,
                /// The human message.
                message: String,
            },)*
        }

        /// The kind of a [`PlenigoError`], without its data.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum ErrorKind {
            $($(#[doc = $doc])* $kind,)*
        }

        impl From<plenigo::ErrorKind> for ErrorKind {
            fn from(kind: plenigo::ErrorKind) -> Self {
                match kind {
                    $(plenigo::ErrorKind::$kind => ErrorKind::$kind,)*
                    _ => ErrorKind::InvalidResponse,
                }
            }
        }

        impl From<plenigo::PlenigoError> for PlenigoError {
            fn from(e: plenigo::PlenigoError) -> Self {
                let field = e.field().map(str::to_owned);
                let status = e.http_status().map(i32::from);
                let code = e.plenigo_code();
                let outcome_unknown = e.outcome_unknown();
                let message = e.to_string();
                let detail = match &e {
                    plenigo::PlenigoError::InvalidInput { reason, .. } => reason.clone(),
                    plenigo::PlenigoError::Api { detail, .. }
                    | plenigo::PlenigoError::Timeout { detail, .. }
                    | plenigo::PlenigoError::Network { detail, .. }
                    | plenigo::PlenigoError::InvalidResponse { detail, .. } => detail.clone(),
                    _ => message.clone(),
                };
                match ErrorKind::from(e.kind()) {
                    $(ErrorKind::$kind => PlenigoError::$kind { field, status, code, detail, outcome_unknown, message },)*
                }
            }
        }

        impl PlenigoError {
            /// The fields every variant has.
            fn parts(&self) -> (ErrorKind, Option<i32>, i32, bool, &str) {
                match self {
                    $(PlenigoError::$kind { status, code, outcome_unknown, message, .. } => {
                        (ErrorKind::$kind, *status, *code, *outcome_unknown, message)
                    })*
                }
            }
        }
    };
}

plenigo::error_kinds!(foreign_error);

impl std::fmt::Display for PlenigoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.parts().4)
    }
}

impl std::error::Error for PlenigoError {}

/// An invalid argument found at the boundary (a foreign value the core's types cannot hold).
pub(crate) fn invalid(field: &str, reason: &str) -> PlenigoError {
    plenigo::PlenigoError::InvalidInput {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
    .into()
}

#[uniffi::export]
impl PlenigoError {
    /// The kind of error, without its data.
    pub fn kind(&self) -> ErrorKind {
        self.parts().0
    }

    /// The HTTP status of the server's answer, where there was one.
    pub fn http_status(&self) -> Option<i32> {
        self.parts().1
    }

    /// plenigo's error code: 1 for rejected input, 5 for timeouts and network failures, 0 for
    /// unreadable answers, else the code of the server's answer.
    pub fn plenigo_code(&self) -> i32 {
        self.parts().2
    }

    /// True when a non-idempotent request was sent but its answer was lost: it may have taken
    /// effect. Check the state before trying again.
    pub fn outcome_unknown(&self) -> bool {
        self.parts().3
    }
}
