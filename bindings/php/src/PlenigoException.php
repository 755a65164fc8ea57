<?php

namespace plenigo;

/**
 * Every failure of a plenigo call. getCode() is plenigo's error code (1 invalid parameters,
 * 4 invalid secret or company ID, 11 precondition failed, 12 limit reached, 13 token problem,
 * 18 customer not found, 19 ID not found, 5 connection error, ...); getHttpStatus() the HTTP
 * status of the server's answer (0 when there was none, e.g. for input rejected before any
 * request). The message never contains the company secret.
 */
class PlenigoException extends \Exception
{
    /** The C ABI's status names, by number (see plenigo_php.h). */
    private const KINDS = [
        1 => 'INVALID_INPUT', 2 => 'BAD_REQUEST', 3 => 'UNAUTHORIZED', 4 => 'ACCESS_DENIED',
        5 => 'TOKEN_PROBLEM', 6 => 'NOT_FOUND', 7 => 'CONFLICT', 8 => 'PRECONDITION_FAILED',
        9 => 'LIMIT_REACHED', 10 => 'SERVER', 11 => 'TIMEOUT', 12 => 'NETWORK',
        13 => 'INVALID_RESPONSE', 100 => 'NULL_POINTER', 101 => 'INVALID_UTF8', 102 => 'PANIC',
    ];

    /**
     * @param string $message the human-readable message
     * @param int $code plenigo's error code
     * @param int $httpStatus the HTTP status, 0 when there was no answer
     * @param int $status the C ABI status (PLENIGO_STATUS_*)
     * @param bool $outcomeUnknown a non-idempotent request was sent and its answer lost
     */
    public function __construct(
        string $message,
        int $code,
        private readonly int $httpStatus = 0,
        private readonly int $status = 1,
        private readonly bool $outcomeUnknown = false,
    ) {
        parent::__construct($message, $code);
    }

    /** The HTTP status of the server's answer, or 0 when there was none. */
    public function getHttpStatus(): int
    {
        return $this->httpStatus;
    }

    /** The kind of failure, e.g. 'NOT_FOUND', 'CONFLICT', 'INVALID_INPUT', 'UNAUTHORIZED'. */
    public function getKind(): string
    {
        return self::KINDS[$this->status] ?? 'UNKNOWN';
    }

    /** The C ABI status number (PLENIGO_STATUS_*). */
    public function getStatus(): int
    {
        return $this->status;
    }

    /** True when a non-idempotent request was sent but its answer was lost: check before retrying. */
    public function isOutcomeUnknown(): bool
    {
        return $this->outcomeUnknown;
    }
}
