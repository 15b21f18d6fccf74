import { EdictError } from './edict-error';

/** An `@Event`'s `personalData` declaration is malformed: which event, which property, and why. */
export class PersonalDataDeclarationError extends EdictError {
  readonly code = 'PERSONAL_DATA_DECLARATION';
  constructor(
    readonly eventType: string,
    readonly property: string,
    readonly reason: string,
  ) {
    super(`@Event('${eventType}') personalData.${property}: ${reason}`);
  }
}

/**
 * An event holds a personal property but not the id of its subject (the property the
 * declaration names is missing, empty or not a string or number). Nothing was written.
 */
export class MissingSubjectError extends EdictError {
  readonly code = 'MISSING_SUBJECT';
  constructor(
    readonly eventType: string,
    readonly property: string,
    readonly subjectProperty: string,
    readonly reason: string,
  ) {
    super(`Event '${eventType}': the subject of personal property '${property}' (${subjectProperty}) ${reason}`);
  }
}

/** An event would store personal data of a subject that was forgotten. Nothing was written. */
export class SubjectForgottenError extends EdictError {
  readonly code = 'SUBJECT_FORGOTTEN';
  constructor(
    readonly subject: string,
    readonly eventType: string,
  ) {
    super(`Subject '${subject}' was forgotten: event '${eventType}' cannot store personal data of theirs again`);
  }
}

/**
 * Personal data that should be readable is not: its subject's key does not open with the
 * master key given (another master key?), or a sealed value was changed. `where` names it.
 */
export class PersonalDataUnreadableError extends EdictError {
  readonly code = 'PERSONAL_DATA_UNREADABLE';
  constructor(
    readonly subject: string,
    readonly where: string,
    readonly reason: string,
  ) {
    super(`Personal data of subject '${subject}' in ${where} cannot be read: ${reason}`);
  }
}
