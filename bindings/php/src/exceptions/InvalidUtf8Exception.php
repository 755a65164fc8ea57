<?php

namespace plenigo\exceptions;

/** A string argument was not valid UTF-8; the message names it. */
class InvalidUtf8Exception extends InvalidInputException
{
}
