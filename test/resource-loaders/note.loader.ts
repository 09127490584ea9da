import { Injectable } from '@nestjs/common';
import { Allow, type Acl, type AclResource, type ResourceLoader } from 'nestjs-jwt-permissions';

/** A note only admins may edit. */
export class EditableNote implements AclResource {
  readonly __acl__: Acl = [[Allow, 'admin', 'edit']];

  constructor(readonly id: string) {}
}

/** Loads note 1 whatever the call, counting its calls; provided where the scenario says. */
@Injectable()
export class NoteLoader implements ResourceLoader<EditableNote> {
  loads = 0;

  load(): EditableNote {
    this.loads += 1;
    return new EditableNote('1');
  }
}

/** A loader no module of the scenario provides: an application that names it must not start. */
@Injectable()
export class UnprovidedNoteLoader implements ResourceLoader<EditableNote> {
  load(): EditableNote {
    return new EditableNote('1');
  }
}
