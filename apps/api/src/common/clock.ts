import { Injectable } from '@nestjs/common';

/** The time source for rules; tests replace it to move time without sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
