import type { WeeklyWindow } from '@carebook/shared';

/** Demo clinic content: realistic enough to click through, obviously fictional. */
export const SPECIALTIES = [
  'Cardiology',
  'Dermatology',
  'Endocrinology',
  'Family Medicine',
  'Gastroenterology',
  'Neurology',
  'Obstetrics & Gynaecology',
  'Ophthalmology',
  'Orthopaedics',
  'Paediatrics',
  'Psychiatry',
  'Pulmonology',
];

export const DEMO_PASSWORD = 'carebook-demo-2026';

export interface DemoDoctor {
  email: string;
  fullName: string;
  specialty: string;
  licenseNumber: string;
  experienceYears: number;
  location: string;
  bio: string;
  status: 'active' | 'pending';
  languages: string[];
  consultationTypes: ('in_person' | 'video')[];
  /** Weekly hours in the clinic's timezone. */
  hours: WeeklyWindow[];
  slotMinutes?: number;
}

const days = (weekdays: number[], ...windows: [string, string][]): WeeklyWindow[] =>
  weekdays.flatMap((weekday) => windows.map(([start, end]) => ({ weekday, start, end })));

export const DEMO_DOCTORS: DemoDoctor[] = [
  { email: 'amara.okafor@carebook.test', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', licenseNumber: 'GMC-7100231', experienceYears: 14, location: 'Central Clinic, London', bio: 'Consultant cardiologist focused on heart rhythm disorders and preventive cardiology.', status: 'active', languages: ['English', 'Igbo'], consultationTypes: ['in_person', 'video'], hours: days([1, 2, 3, 4], ['09:00', '12:30'], ['14:00', '17:00']) },
  { email: 'lucas.moreau@carebook.test', fullName: 'Dr Lucas Moreau', specialty: 'Dermatology', licenseNumber: 'GMC-7100448', experienceYears: 9, location: 'Central Clinic, London', bio: 'Treats eczema, acne and psoriasis; runs the skin-cancer screening service.', status: 'active', languages: ['English', 'French'], consultationTypes: ['in_person'], hours: days([1, 3, 5], ['08:30', '13:00']), slotMinutes: 20 },
  { email: 'priya.raman@carebook.test', fullName: 'Dr Priya Raman', specialty: 'Paediatrics', licenseNumber: 'GMC-7100519', experienceYears: 11, location: 'Riverside Clinic, Manchester', bio: 'Paediatrician with a special interest in childhood asthma and allergies.', status: 'active', languages: ['English', 'Tamil', 'Hindi'], consultationTypes: ['in_person', 'video'], hours: [...days([1, 2, 3, 4, 5], ['09:00', '13:00']), ...days([6], ['09:00', '12:00'])] },
  { email: 'jonas.berg@carebook.test', fullName: 'Dr Jonas Berg', specialty: 'Orthopaedics', licenseNumber: 'GMC-7100677', experienceYears: 18, location: 'Riverside Clinic, Manchester', bio: 'Knee and shoulder specialist; sports injuries and joint preservation.', status: 'active', languages: ['English', 'Swedish'], consultationTypes: ['in_person'], hours: days([2, 4], ['08:00', '12:00'], ['13:00', '18:00']), slotMinutes: 45 },
  { email: 'sofia.alvarez@carebook.test', fullName: 'Dr Sofía Álvarez', specialty: 'Family Medicine', licenseNumber: 'GMC-7100782', experienceYears: 7, location: 'Central Clinic, London', bio: 'General practitioner for all ages; chronic-condition reviews and health checks.', status: 'active', languages: ['English', 'Spanish'], consultationTypes: ['in_person', 'video'], hours: days([1, 2, 3, 4, 5], ['08:00', '11:00'], ['15:00', '18:00']), slotMinutes: 15 },
  { email: 'kenji.watanabe@carebook.test', fullName: 'Dr Kenji Watanabe', specialty: 'Neurology', licenseNumber: 'GMC-7100853', experienceYears: 16, location: 'Northgate Clinic, Leeds', bio: 'Neurologist treating migraine, epilepsy and sleep disorders.', status: 'active', languages: ['English', 'Japanese'], consultationTypes: ['in_person', 'video'], hours: days([3, 4, 5], ['10:00', '16:00']) },
  { email: 'grace.mensah@carebook.test', fullName: 'Dr Grace Mensah', specialty: 'Obstetrics & Gynaecology', licenseNumber: 'GMC-7100904', experienceYears: 12, location: 'Northgate Clinic, Leeds', bio: 'Antenatal care, fertility advice and women’s health.', status: 'active', languages: ['English', 'Twi'], consultationTypes: ['in_person'], hours: days([1, 2, 5], ['09:00', '17:00']) },
  { email: 'omar.haddad@carebook.test', fullName: 'Dr Omar Haddad', specialty: 'Psychiatry', licenseNumber: 'GMC-7101036', experienceYears: 10, location: 'Central Clinic, London', bio: 'Adult psychiatry: anxiety, depression and ADHD assessments; video consultations available.', status: 'active', languages: ['English', 'Arabic'], consultationTypes: ['video', 'in_person'], hours: [...days([1, 2, 3, 4, 5], ['12:00', '18:00']), ...days([6], ['09:00', '13:00'])], slotMinutes: 50 },
  { email: 'elena.petrova@carebook.test', fullName: 'Dr Elena Petrova', specialty: 'Endocrinology', licenseNumber: 'GMC-7101187', experienceYears: 5, location: 'Riverside Clinic, Manchester', bio: 'Diabetes and thyroid care. Application awaiting review.', status: 'pending', languages: ['English', 'Russian'], consultationTypes: ['in_person'], hours: days([1, 2, 3], ['09:00', '15:00']) },
];

export const DEMO_PATIENTS = [
  { email: 'olivia.bennett@carebook.test', fullName: 'Olivia Bennett', phone: '+44 7700 900123', dateOfBirth: '1988-05-14', gender: 'female' as const },
  { email: 'noah.clarke@carebook.test', fullName: 'Noah Clarke', phone: '+44 7700 900456', dateOfBirth: '1975-11-02', gender: 'male' as const },
  { email: 'mia.schultz@carebook.test', fullName: 'Mia Schultz', phone: '+44 7700 900789', dateOfBirth: '2001-02-27', gender: 'female' as const },
];

/** Public holidays the demo clinic closes on every year. */
export const DEMO_HOLIDAYS = [
  { date: '2026-01-01', name: 'New Year’s Day', recurring: true },
  { date: '2026-12-25', name: 'Christmas Day', recurring: true },
  { date: '2026-12-26', name: 'Boxing Day', recurring: true },
];

export const DEMO_ADMIN = { email: 'admin@carebook.test', fullName: 'Clinic Administrator' };

/** How a demo appointment came to be where it is: each step is a history entry, by the doctor or the patient. */
export interface DemoAppointment {
  doctor: string;
  patient: string;
  reason: string;
  /** Upcoming: the n-th free slot at least `daysAhead` days from now. Past: `daysAgo` days ago at 10:00 clinic time. */
  when: { daysAhead: number; nth: number } | { daysAgo: number };
  steps: { event: 'approved' | 'declined' | 'cancelled' | 'completed'; by: 'doctor' | 'patient'; reason?: string }[];
}

/** Enough history that every screen (queue, calendar, patient lists, detail pages) has something to show. */
export const DEMO_APPOINTMENTS: DemoAppointment[] = [
  { doctor: 'amara.okafor', patient: 'olivia.bennett', reason: 'Heart palpitations after exercise, sometimes with dizziness', when: { daysAhead: 3, nth: 1 }, steps: [{ event: 'approved', by: 'doctor' }] },
  { doctor: 'kenji.watanabe', patient: 'olivia.bennett', reason: 'Migraines twice a week despite over-the-counter painkillers', when: { daysAhead: 6, nth: 2 }, steps: [] },
  { doctor: 'sofia.alvarez', patient: 'olivia.bennett', reason: 'Annual health check and blood pressure review', when: { daysAgo: 12 }, steps: [{ event: 'approved', by: 'doctor' }, { event: 'completed', by: 'doctor' }] },
  { doctor: 'lucas.moreau', patient: 'olivia.bennett', reason: 'Itchy rash on both forearms', when: { daysAgo: 30 }, steps: [{ event: 'cancelled', by: 'patient', reason: 'The rash cleared up on its own' }] },
  { doctor: 'amara.okafor', patient: 'noah.clarke', reason: 'Chest tightness when climbing stairs', when: { daysAhead: 2, nth: 3 }, steps: [] },
  { doctor: 'amara.okafor', patient: 'noah.clarke', reason: 'Follow-up on ECG results and blood pressure medication', when: { daysAhead: 8, nth: 0 }, steps: [{ event: 'approved', by: 'doctor' }] },
  { doctor: 'amara.okafor', patient: 'mia.schultz', reason: 'Racing heart after coffee; family history of arrhythmia', when: { daysAhead: 4, nth: 4 }, steps: [] },
  { doctor: 'amara.okafor', patient: 'mia.schultz', reason: 'High cholesterol found in a routine blood test', when: { daysAgo: 5 }, steps: [{ event: 'approved', by: 'doctor' }, { event: 'completed', by: 'doctor' }] },
  { doctor: 'grace.mensah', patient: 'mia.schultz', reason: 'Irregular periods for three months', when: { daysAhead: 5, nth: 0 }, steps: [{ event: 'declined', by: 'doctor', reason: 'Fully booked that week — please choose a slot with Dr Mensah next month' }] },
];
