<?php

namespace plenigo\exceptions;

/** The server answered something this client cannot read, or a redirect (code 0). */
class InvalidResponseException extends \plenigo\PlenigoException
{
}
