import '@testing-library/jest-dom';

// The Backstage table renders slowly in jsdom on a busy two-core machine
// (several seconds for the first render): give each test room beyond jest's 5 s.
jest.setTimeout(30_000);
