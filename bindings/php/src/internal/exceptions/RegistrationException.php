<?php

namespace plenigo\internal\exceptions;

/**
 * A conflict (HTTP 409) from registerUser, changeEmail or addExternalCustomerId: the e-mail
 * or ID is in use. Named as in plenigo's official PHP SDK, so code that catches it there
 * runs here; the class thrown is \plenigo\exceptions\ConflictException.
 */
class RegistrationException extends \plenigo\PlenigoException
{
}
