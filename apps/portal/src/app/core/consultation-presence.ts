import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { ConsultationsApi, type ConsultationDto } from '@carebook/api-client';
import { CONSULTATION_LIMITS, type ConsultationStatus } from '@carebook/shared';
import { EMPTY, catchError, debounceTime, filter, forkJoin, map, merge, of, switchMap, type Observable } from 'rxjs';
import { Realtime } from './realtime';
import { Session } from './session';

type Who = { role: 'doctor' | 'patient'; id: string };

/**
 * Keeps the signed-in user present for instant consultations, whatever page they are on: the portal sends
 * `presence:heartbeat` every CONSULTATION_LIMITS.heartbeatSeconds while a doctor's availability is on or they
 * have a consultation in progress, and while a patient waits or is in one. The server takes out whoever falls
 * silent for two minutes, so beating only on the consultations page would drop a doctor who went to Messages.
 *
 * What it knows comes from the server (on sign-in, on `consultation:updated`, after a gap in the connection) and
 * from the consultation pages, which tell it at once what the user just did. Signing out stops it.
 */
@Injectable({ providedIn: 'root' })
export class ConsultationPresence {
  private readonly session = inject(Session);
  private readonly realtime = inject(Realtime);
  private readonly api = inject(ConsultationsApi);

  private readonly who = computed<Who | null>(
    () => {
      const user = this.session.user();
      return user && (user.role === 'doctor' || user.role === 'patient') ? { role: user.role, id: user.id } : null;
    },
    { equal: (a, b) => a?.id === b?.id && a?.role === b?.role },
  );
  private readonly available = signal(false);
  private readonly status = signal<ConsultationStatus | null>(null);
  /** Counts what the pages told: an answer to a look-up that started before is older than what they said. */
  private told = 0;

  /** Whether this portal is beating now. */
  readonly beating = computed(() => {
    const who = this.who();
    const status = this.status();
    if (!who) return false;
    if (who.role === 'doctor') return this.available() || status === 'assigned';
    return status === 'waiting' || status === 'assigned';
  });

  constructor() {
    toObservable(this.who)
      .pipe(
        switchMap((who) => {
          this.available.set(false);
          this.status.set(null);
          if (!who) return EMPTY;
          const changes = this.realtime.consultationUpdates().pipe(debounceTime(200));
          return merge(of(undefined), changes).pipe(switchMap(() => this.load(who)));
        }),
        takeUntilDestroyed(),
      )
      .subscribe(({ available, consultation }) => {
        this.available.set(available);
        this.set(consultation);
      });

    let timer: ReturnType<typeof setInterval> | undefined;
    effect(() => {
      clearInterval(timer);
      timer = undefined;
      if (this.beating()) {
        untracked(() => this.realtime.heartbeat());
        timer = setInterval(() => this.realtime.heartbeat(), CONSULTATION_LIMITS.heartbeatSeconds * 1000);
      }
    });
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  /** The doctor switched availability (the server's answer). */
  noteAvailability(available: boolean): void {
    this.told += 1;
    this.available.set(available);
  }

  /** The user's open consultation as the server just answered it (null: none). */
  noteConsultation(consultation: ConsultationDto | null): void {
    this.told += 1;
    this.set(consultation);
  }

  private set(consultation: ConsultationDto | null): void {
    const status = consultation?.status ?? null;
    this.status.set(status === 'waiting' || status === 'assigned' ? status : null);
  }

  private load(who: Who): Observable<{ available: boolean; consultation: ConsultationDto | null }> {
    const current = this.api.getCurrentConsultation$Response().pipe(map((response) => (response.status === 204 ? null : response.body)));
    const available = who.role === 'doctor' ? this.api.getConsultationAvailability().pipe(map((a) => a.available)) : of(false);
    const told = this.told;
    return forkJoin({ available, consultation: current }).pipe(
      filter(() => this.told === told),
      // Unreachable for now: keep what is known (and beating, if it was), and try again on the next change.
      catchError(() => EMPTY),
    );
  }
}
