import { Aggregate, AggregateId, Applies, Command, Event, Executes, type Class } from '@edict/core';
import { IsString } from 'class-validator';

/** A profile renamed: a name and an email, the profile owner's personal data when `personal`. */
export interface ProfileDomain {
  readonly aggregate: Class;
  readonly rename: (profileId: string, i: number) => object;
  readonly load: (
    edict: { load<T extends object>(a: Class<T>, id: string): Promise<T> },
    id: string,
  ) => Promise<string>;
}

/**
 * The same aggregate, command and event twice: with the event's name and email declared
 * personal data (encrypted under the profile's key), or not. Fresh classes per call, each
 * type name of its own, so that both run side by side in one process.
 */
export function profileDomain(personal: boolean): ProfileDomain {
  const tag = personal ? 'personal' : 'plain';
  @Event(`bench.${tag}.ProfileRenamed`, personal ? { personalData: { name: 'profileId', email: 'profileId' } } : {})
  class ProfileRenamed {
    constructor(
      readonly profileId: string,
      readonly name: string,
      readonly email: string,
    ) {}
  }
  @Command(`bench.${tag}.RenameProfile`)
  class RenameProfile {
    @AggregateId() @IsString() profileId!: string;
    @IsString() name!: string;
    @IsString() email!: string;
  }
  @Aggregate(`${tag}_profile`)
  class Profile {
    name = '';
    email = '';
    @Executes(RenameProfile) rename(c: RenameProfile) {
      return new ProfileRenamed(c.profileId, c.name, c.email);
    }
    @Applies(ProfileRenamed) onRenamed(e: ProfileRenamed) {
      this.name = e.name;
      this.email = e.email;
    }
  }
  return {
    aggregate: Profile,
    rename: (profileId, i) =>
      Object.assign(new RenameProfile(), { profileId, name: `Person Number ${i}`, email: `person${i}@example.org` }),
    load: async (edict, id) => (await edict.load(Profile, id)).name,
  };
}
