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
}

export const DEMO_DOCTORS: DemoDoctor[] = [
  { email: 'amara.okafor@carebook.test', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', licenseNumber: 'GMC-7100231', experienceYears: 14, location: 'Central Clinic, London', bio: 'Consultant cardiologist focused on heart rhythm disorders and preventive cardiology.', status: 'active' },
  { email: 'lucas.moreau@carebook.test', fullName: 'Dr Lucas Moreau', specialty: 'Dermatology', licenseNumber: 'GMC-7100448', experienceYears: 9, location: 'Central Clinic, London', bio: 'Treats eczema, acne and psoriasis; runs the skin-cancer screening service.', status: 'active' },
  { email: 'priya.raman@carebook.test', fullName: 'Dr Priya Raman', specialty: 'Paediatrics', licenseNumber: 'GMC-7100519', experienceYears: 11, location: 'Riverside Clinic, Manchester', bio: 'Paediatrician with a special interest in childhood asthma and allergies.', status: 'active' },
  { email: 'jonas.berg@carebook.test', fullName: 'Dr Jonas Berg', specialty: 'Orthopaedics', licenseNumber: 'GMC-7100677', experienceYears: 18, location: 'Riverside Clinic, Manchester', bio: 'Knee and shoulder specialist; sports injuries and joint preservation.', status: 'active' },
  { email: 'sofia.alvarez@carebook.test', fullName: 'Dr Sofía Álvarez', specialty: 'Family Medicine', licenseNumber: 'GMC-7100782', experienceYears: 7, location: 'Central Clinic, London', bio: 'General practitioner for all ages; chronic-condition reviews and health checks.', status: 'active' },
  { email: 'kenji.watanabe@carebook.test', fullName: 'Dr Kenji Watanabe', specialty: 'Neurology', licenseNumber: 'GMC-7100853', experienceYears: 16, location: 'Northgate Clinic, Leeds', bio: 'Neurologist treating migraine, epilepsy and sleep disorders.', status: 'active' },
  { email: 'grace.mensah@carebook.test', fullName: 'Dr Grace Mensah', specialty: 'Obstetrics & Gynaecology', licenseNumber: 'GMC-7100904', experienceYears: 12, location: 'Northgate Clinic, Leeds', bio: 'Antenatal care, fertility advice and women’s health.', status: 'active' },
  { email: 'omar.haddad@carebook.test', fullName: 'Dr Omar Haddad', specialty: 'Psychiatry', licenseNumber: 'GMC-7101036', experienceYears: 10, location: 'Central Clinic, London', bio: 'Adult psychiatry: anxiety, depression and ADHD assessments; video consultations available.', status: 'active' },
  { email: 'elena.petrova@carebook.test', fullName: 'Dr Elena Petrova', specialty: 'Endocrinology', licenseNumber: 'GMC-7101187', experienceYears: 5, location: 'Riverside Clinic, Manchester', bio: 'Diabetes and thyroid care. Application awaiting review.', status: 'pending' },
];

export const DEMO_PATIENTS = [
  { email: 'olivia.bennett@carebook.test', fullName: 'Olivia Bennett', phone: '+44 7700 900123', dateOfBirth: '1988-05-14', gender: 'female' as const },
  { email: 'noah.clarke@carebook.test', fullName: 'Noah Clarke', phone: '+44 7700 900456', dateOfBirth: '1975-11-02', gender: 'male' as const },
  { email: 'mia.schultz@carebook.test', fullName: 'Mia Schultz', phone: '+44 7700 900789', dateOfBirth: '2001-02-27', gender: 'female' as const },
];

export const DEMO_ADMIN = { email: 'admin@carebook.test', fullName: 'Clinic Administrator' };
