// Moved to @dialer/testing (libs/calls' integration spec needs it too); kept here for test/ and bench/ users.
export { seedAttempts, SeededAttempt, SeedAttemptsOptions as SeedOptions } from '@dialer/testing';
