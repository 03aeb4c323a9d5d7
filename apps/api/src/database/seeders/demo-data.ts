import type { WeeklyWindow } from '@carebook/shared';
import type { PortraitLook } from './demo-portraits';

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
  /** The account's own number (SMS), E.164. */
  phone: string;
  /** What patients see on the profile: the doctor's practice line (E.164) and address for appointments. */
  contactPhone: string;
  contactEmail: string;
  /** How the generated portrait looks (see demo-portraits.ts). */
  portrait: PortraitLook;
  languages: string[];
  consultationTypes: ('in_person' | 'video')[];
  /** Weekly hours in the clinic's timezone. */
  hours: WeeklyWindow[];
  slotMinutes?: number;
}

const days = (weekdays: number[], ...windows: [string, string][]): WeeklyWindow[] =>
  weekdays.flatMap((weekday) => windows.map(([start, end]) => ({ weekday, start, end })));

/**
 * Every number is one of Ofcom's numbers for drama (020 7946 0xxx, 0161 496 0xxx, 0113 496 0xxx),
 * so no real person is ever called; every address is under the reserved .test domain.
 */
export const DEMO_DOCTORS: DemoDoctor[] = [
  { email: 'amara.okafor@carebook.test', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', licenseNumber: 'GMC-7100231', experienceYears: 14, location: 'Central Clinic, London', bio: 'Consultant cardiologist focused on heart rhythm disorders and preventive cardiology.', status: 'active',
    phone: '+441134960501', contactPhone: '+442079460101', contactEmail: 'okafor.cardiology@carebook.test',
    portrait: { top: 'curvy', skin: '#614335', hair: '#2c1b18', clothes: 'blazerAndShirt', clothesColor: '#25557c', background: '#b6e3f4' },
    languages: ['English', 'Igbo'], consultationTypes: ['in_person', 'video'], hours: days([1, 2, 3, 4], ['09:00', '12:30'], ['14:00', '17:00']) },
  { email: 'lucas.moreau@carebook.test', fullName: 'Dr Lucas Moreau', specialty: 'Dermatology', licenseNumber: 'GMC-7100448', experienceYears: 9, location: 'Central Clinic, London', bio: 'Treats eczema, acne and psoriasis; runs the skin-cancer screening service.', status: 'active',
    phone: '+441134960502', contactPhone: '+442079460102', contactEmail: 'moreau.dermatology@carebook.test',
    portrait: { top: 'shortWaved', skin: '#edb98a', hair: '#4a312c', facialHair: 'beardLight', clothes: 'collarAndSweater', clothesColor: '#5199e4', background: '#c0aede' },
    languages: ['English', 'French'], consultationTypes: ['in_person'], hours: days([1, 3, 5], ['08:30', '13:00']), slotMinutes: 20 },
  { email: 'priya.raman@carebook.test', fullName: 'Dr Priya Raman', specialty: 'Paediatrics', licenseNumber: 'GMC-7100519', experienceYears: 11, location: 'Riverside Clinic, Manchester', bio: 'Paediatrician with a special interest in childhood asthma and allergies.', status: 'active',
    phone: '+441134960503', contactPhone: '+441614960103', contactEmail: 'raman.paediatrics@carebook.test',
    portrait: { top: 'straight01', skin: '#d08b5b', hair: '#2c1b18', glasses: 'prescription02', clothes: 'blazerAndSweater', clothesColor: '#ff5c5c', background: '#ffd5dc' },
    languages: ['English', 'Tamil', 'Hindi'], consultationTypes: ['in_person', 'video'], hours: [...days([1, 2, 3, 4, 5], ['09:00', '13:00']), ...days([6], ['09:00', '12:00'])] },
  { email: 'jonas.berg@carebook.test', fullName: 'Dr Jonas Berg', specialty: 'Orthopaedics', licenseNumber: 'GMC-7100677', experienceYears: 18, location: 'Riverside Clinic, Manchester', bio: 'Knee and shoulder specialist; sports injuries and joint preservation.', status: 'active',
    phone: '+441134960504', contactPhone: '+441614960104', contactEmail: 'berg.orthopaedics@carebook.test',
    portrait: { top: 'shortFlat', skin: '#ffdbb4', hair: '#d6b370', facialHair: 'beardMedium', clothes: 'blazerAndShirt', clothesColor: '#3c4f5c', background: '#d1d4f9' },
    languages: ['English', 'Swedish'], consultationTypes: ['in_person'], hours: days([2, 4], ['08:00', '12:00'], ['13:00', '18:00']), slotMinutes: 45 },
  { email: 'sofia.alvarez@carebook.test', fullName: 'Dr Sofía Álvarez', specialty: 'Family Medicine', licenseNumber: 'GMC-7100782', experienceYears: 7, location: 'Central Clinic, London', bio: 'General practitioner for all ages; chronic-condition reviews and health checks.', status: 'active',
    phone: '+441134960505', contactPhone: '+442079460105', contactEmail: 'alvarez.familymedicine@carebook.test',
    portrait: { top: 'miaWallace', skin: '#edb98a', hair: '#a55728', clothes: 'collarAndSweater', clothesColor: '#a7ffc4', background: '#ffdfbf' },
    languages: ['English', 'Spanish'], consultationTypes: ['in_person', 'video'], hours: days([1, 2, 3, 4, 5], ['08:00', '11:00'], ['15:00', '18:00']), slotMinutes: 15 },
  { email: 'kenji.watanabe@carebook.test', fullName: 'Dr Kenji Watanabe', specialty: 'Neurology', licenseNumber: 'GMC-7100853', experienceYears: 16, location: 'Northgate Clinic, Leeds', bio: 'Neurologist treating migraine, epilepsy and sleep disorders.', status: 'active',
    phone: '+441134960506', contactPhone: '+441134960106', contactEmail: 'watanabe.neurology@carebook.test',
    portrait: { top: 'shortRound', skin: '#ffdbb4', hair: '#2c1b18', glasses: 'round', clothes: 'blazerAndSweater', clothesColor: '#929598', background: '#c1f0dc' },
    languages: ['English', 'Japanese'], consultationTypes: ['in_person', 'video'], hours: days([3, 4, 5], ['10:00', '16:00']) },
  { email: 'grace.mensah@carebook.test', fullName: 'Dr Grace Mensah', specialty: 'Obstetrics & Gynaecology', licenseNumber: 'GMC-7100904', experienceYears: 12, location: 'Northgate Clinic, Leeds', bio: 'Antenatal care, fertility advice and women’s health.', status: 'active',
    phone: '+441134960507', contactPhone: '+441134960107', contactEmail: 'mensah.womenshealth@carebook.test',
    portrait: { top: 'froBand', skin: '#ae5d29', hair: '#2c1b18', clothes: 'blazerAndShirt', clothesColor: '#ff488e', background: '#fff1b8' },
    languages: ['English', 'Twi'], consultationTypes: ['in_person'], hours: days([1, 2, 5], ['09:00', '17:00']) },
  { email: 'omar.haddad@carebook.test', fullName: 'Dr Omar Haddad', specialty: 'Psychiatry', licenseNumber: 'GMC-7101036', experienceYears: 10, location: 'Central Clinic, London', bio: 'Adult psychiatry: anxiety, depression and ADHD assessments; video consultations available.', status: 'active',
    phone: '+441134960508', contactPhone: '+442079460108', contactEmail: 'haddad.psychiatry@carebook.test',
    portrait: { top: 'theCaesarAndSidePart', skin: '#d08b5b', hair: '#2c1b18', facialHair: 'beardMedium', clothes: 'collarAndSweater', clothesColor: '#262e33', background: '#e0e7ff' },
    languages: ['English', 'Arabic'], consultationTypes: ['video', 'in_person'], hours: [...days([1, 2, 3, 4, 5], ['12:00', '18:00']), ...days([6], ['09:00', '13:00'])], slotMinutes: 50 },
  { email: 'elena.petrova@carebook.test', fullName: 'Dr Elena Petrova', specialty: 'Endocrinology', licenseNumber: 'GMC-7101187', experienceYears: 5, location: 'Riverside Clinic, Manchester', bio: 'Diabetes and thyroid care. Application awaiting review.', status: 'pending',
    phone: '+441134960509', contactPhone: '+441614960109', contactEmail: 'petrova.endocrinology@carebook.test',
    portrait: { top: 'bob', skin: '#ffdbb4', hair: '#b58143', glasses: 'prescription01', clothes: 'blazerAndSweater', clothesColor: '#65c9ff', background: '#f3d9fa' },
    languages: ['English', 'Russian'], consultationTypes: ['in_person'], hours: days([1, 2, 3], ['09:00', '15:00']) },
];

export const DEMO_PATIENTS = [
  { email: 'olivia.bennett@carebook.test', fullName: 'Olivia Bennett', phone: '+442079460201', dateOfBirth: '1988-05-14', gender: 'female' as const },
  { email: 'noah.clarke@carebook.test', fullName: 'Noah Clarke', phone: '+442079460202', dateOfBirth: '1975-11-02', gender: 'male' as const },
  { email: 'mia.schultz@carebook.test', fullName: 'Mia Schultz', phone: '+442079460203', dateOfBirth: '2001-02-27', gender: 'female' as const },
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
