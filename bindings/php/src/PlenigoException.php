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
        $class = self::classOf($status);
        return new $class($message, $code, $httpStatus, $status, $outcomeUnknown, $previous);
    }

    /**
     * The class thrown for a status, from the library's name for it:
     * PLENIGO_STATUS_NOT_FOUND -> \plenigo\exceptions\NotFoundException. PlenigoException
     * itself for SETUP and for numbers without a name or a class.
     *
     * @return class-string<self>
     */
    private static function classOf(int $status): string
    {
        $kind = self::kindOf($status) ?? '';
        $class = __NAMESPACE__ . '\\exceptions\\' . str_replace('_', '', ucwords(strtolower($kind), '_')) . 'Exception';
        return $kind !== '' && class_exists($class) ? $class : self::class;
    }

    /** The kind of a status: the library's name for it without PLENIGO_STATUS_, or SETUP. */
    private static function kindOf(int $status): ?string
    {
        if ($status === self::SETUP) {
            return 'SETUP';
        }
        $name = internal\Native::statusName($status);
        return $name === null ? null : substr($name, strlen('PLENIGO_STATUS_'));
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
        return self::kindOf($this->status) ?? 'UNKNOWN';
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
