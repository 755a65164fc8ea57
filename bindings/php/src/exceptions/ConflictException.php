<?php

namespace plenigo\exceptions;

/**
 * The e-mail or ID is already in use (HTTP 409); also a RegistrationException, as plenigo's
 * official SDK throws.
 */
class ConflictException extends \plenigo\internal\exceptions\RegistrationException
{
}
