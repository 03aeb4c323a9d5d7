import { ChangeDetectionStrategy, Component, Injector, PLATFORM_ID, computed, effect, inject, viewChild } from '@angular/core';
import { isPlatformBrowser } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Role } from '@carebook/shared';
import { UnreadMessages } from '../unread-messages';
import { NotificationBell } from './notification-bell';
import { Session, homeOf } from '../session';
import { Theme } from '../theme';
import { matchesMedia } from '../../shared/media';
import { initials } from '../../shared/doctor-avatar';
import { EmailText } from '../../shared/email-text';

const DESKTOP = '(min-width: 960px)';

interface NavItem {
  label: string;
  icon: string;
  link: string;
  /** Home's link is a prefix of every page of its role, so it is active only on itself. */
  exact: boolean;
  /** Shows how many messages are unread. */
  unreadBadge?: boolean;
}

function navFor(role: Role | null): NavItem[] {
  if (!role) {
    return [{ label: 'Find a doctor', icon: 'person_search', link: '/doctors', exact: false }];
  }
  const home: NavItem = { label: 'Home', icon: 'home', link: homeOf(role), exact: true };
  const account: NavItem = { label: 'Account', icon: 'account_circle', link: '/account', exact: false };
  const messages: NavItem = { label: 'Messages', icon: 'chat', link: '/messages', exact: false, unreadBadge: true };
  switch (role) {
    case 'patient':
      return [
        home,
        { label: 'Find a doctor', icon: 'person_search', link: '/doctors', exact: false },
        { label: 'Appointments', icon: 'event', link: '/patient/appointments', exact: false },
        messages,
        { label: 'See a doctor now', icon: 'video_chat', link: '/patient/consultation', exact: false },
        { label: 'Health record', icon: 'folder_shared', link: '/patient/record', exact: false },
        account,
      ];
    case 'doctor':
      return [
        home,
        { label: 'Requests', icon: 'inbox', link: '/doctor/requests', exact: false },
        { label: 'Calendar', icon: 'calendar_month', link: '/doctor/calendar', exact: false },
        { label: 'Appointments', icon: 'manage_search', link: '/doctor/appointments', exact: false },
        { label: 'My patients', icon: 'group', link: '/doctor/patients', exact: false },
        messages,
        { label: 'Instant consultations', icon: 'video_chat', link: '/doctor/consultations', exact: false },
        { label: 'Profile', icon: 'badge', link: '/doctor/profile', exact: false },
        { label: 'Weekly hours', icon: 'schedule', link: '/doctor/hours', exact: false },
        { label: 'Time off', icon: 'event_busy', link: '/doctor/time-off', exact: false },
        account,
      ];
    case 'admin':
      return [
        home,
        { label: 'Appointments', icon: 'event_note', link: '/admin/appointments', exact: false },
        { label: 'Users', icon: 'group', link: '/admin/users', exact: false },
        { label: 'Consultation queue', icon: 'video_chat', link: '/admin/consultations', exact: false },
        { label: 'Import patients', icon: 'upload_file', link: '/admin/imports', exact: false },
        { label: 'Clinic settings', icon: 'tune', link: '/admin/settings', exact: false },
        { label: 'Holidays', icon: 'event', link: '/admin/holidays', exact: false },
        { label: 'Mail & SMS', icon: 'outgoing_mail', link: '/admin/deliveries', exact: false },
        { label: 'Audit log', icon: 'policy', link: '/admin/audit-log', exact: false },
        { label: 'System', icon: 'monitor_heart', link: '/admin/system', exact: false },
        account,
      ];
  }
}

/** The signed-in frame: side navigation on desktop, a top bar with a menu button on phones. */
@Component({
  selector: 'cb-shell',
  imports: [
    EmailText,
    MatButtonModule,
    MatDividerModule,
    MatIconModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    MatTooltipModule,
    NotificationBell,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly theme = inject(Theme);
  private readonly sidenav = viewChild.required(MatSidenav);

  protected readonly isDesktop = matchesMedia(DESKTOP);
  /**
   * The build's prerender of `/` (app.routes.server.ts) cannot know the screen's width, so it draws the phone's
   * layout plus the desktop-only parts, and the stylesheet's breakpoints (shell.scss) show each width its own
   * until the app starts and draws only what the width needs, in the same places.
   */
  protected readonly prerendered = !isPlatformBrowser(inject(PLATFORM_ID));
  protected readonly user = this.session.user;
  protected readonly nav = computed(() => navFor(this.session.role()));
  /** Unread messages of the signed-in patient or doctor; 0 for everyone else. */
  private readonly unreadMessages = inject(UnreadMessages);
  protected readonly unread = computed(() => this.unreadMessages.count() ?? 0);
  /** From the name without its title: "GM" for "Dr Grace Mensah", not "DG". */
  protected readonly initials = computed(() => initials(this.user()?.fullName ?? ''));

  constructor() {
    // The instant-consultation heartbeat runs on every page once someone signs in (a root service, started
    // once). It is loaded then, so a visitor's first load carries none of it (nor the shared code it pulls in).
    const injector = inject(Injector);
    effect(() => {
      if (this.prerendered || !this.session.role()) return;
      void import('../consultation-presence').then(({ ConsultationPresence }) => injector.get(ConsultationPresence));
    });
  }

  protected navigated(): void {
    if (!this.isDesktop()) {
      void this.sidenav().close();
    }
  }

  /** Signing in from a public page (a doctor's) comes back to it. */
  protected signInLink(): { returnUrl: string } | undefined {
    const url = this.router.url;
    return url.startsWith('/doctors') ? { returnUrl: url } : undefined;
  }

  protected signOut(): void {
    this.session.signOut();
  }
}
