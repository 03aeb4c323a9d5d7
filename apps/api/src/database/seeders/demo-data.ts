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
