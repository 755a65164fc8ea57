<?php

namespace plenigo\exceptions;

/**
 * Input refused before any request was sent (code 1, no HTTP status); the message names the
 * field.
 */
class InvalidInputException extends \plenigo\PlenigoException
{
}
