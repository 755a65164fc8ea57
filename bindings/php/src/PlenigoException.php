<?php

namespace plenigo;

/**
 * Every failure of a plenigo call. getCode() is plenigo's error code (1 invalid parameters,
 * 4 invalid secret or company ID, 11 precondition failed, 12 limit reached, 13 token problem,
 * 18 customer not found, 19 ID not found, 5 connection error, ...); getHttpStatus() the HTTP
 * status of the server's answer (0 when there was none, e.g. for input rejected before any
 * request). The message never contains the company secret.
 *
 * What is thrown is a subclass per kind from \plenigo\exceptions (NotFoundException,
 * ConflictException, ...), so `catch` can pick the failures it handles.
 */
class PlenigoException extends \Exception
{
    /** The status of a PHP set-up that cannot load the native library (kind 'SETUP'). */
    public const SETUP = -1;

    /** The C ABI's status names, by number (see plenigo_php.h), and SETUP. */
    private const KINDS = [
        self::SETUP => 'SETUP',
        1 => 'INVALID_INPUT', 2 => 'BAD_REQUEST', 3 => 'UNAUTHORIZED', 4 => 'ACCESS_DENIED',
        5 => 'TOKEN_PROBLEM', 6 => 'NOT_FOUND', 7 => 'CONFLICT', 8 => 'PRECONDITION_FAILED',
        9 => 'LIMIT_REACHED', 10 => 'SERVER', 11 => 'TIMEOUT', 12 => 'NETWORK',
        13 => 'INVALID_RESPONSE', 100 => 'NULL_POINTER', 101 => 'INVALID_UTF8', 102 => 'PANIC',
    ];

    /** The subclass thrown for each C ABI status; others are thrown as PlenigoException. */
    private const CLASSES = [
        1 => exceptions\InvalidInputException::class,
        2 => exceptions\BadRequestException::class,
        3 => exceptions\UnauthorizedException::class,
        4 => exceptions\AccessDeniedException::class,
        5 => exceptions\TokenProblemException::class,
        6 => exceptions\NotFoundException::class,
        7 => exceptions\ConflictException::class,
        8 => exceptions\PreconditionFailedException::class,
        9 => exceptions\LimitReachedException::class,
        10 => exceptions\ServerException::class,
        11 => exceptions\TimeoutException::class,
        12 => exceptions\NetworkException::class,
        13 => exceptions\InvalidResponseException::class,
        100 => exceptions\InvalidInputException::class,
        101 => exceptions\InvalidInputException::class,
    ];

    /**
     * The exception of the right subclass for a C ABI status.
     *
     * @internal
     */
    public static function of(
        string $message,
        int $code,
        int $httpStatus = 0,
        int $status = 1,
        bool $outcomeUnknown = false,
        ?\Throwable $previous = null,
    ): self {
        $class = self::CLASSES[$status] ?? self::class;
        return new $class($message, $code, $httpStatus, $status, $outcomeUnknown, $previous);
    }

    /**
     * @param string $message the human-readable message
     * @param int $code plenigo's error code
     * @param int $httpStatus the HTTP status, 0 when there was no answer
     * @param int $status the C ABI status (PLENIGO_STATUS_*)
     * @param bool $outcomeUnknown a non-idempotent request was sent and its answer lost
     * @param \Throwable|null $previous the cause, if any
     */
    public function __construct(
        string $message,
        int $code = 0,
        private readonly int $httpStatus = 0,
        private readonly int $status = 1,
        private readonly bool $outcomeUnknown = false,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, $code, $previous);
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
