import { Injectable } from '@nestjs/common';
import { Document } from './document.entity';
import type { DocumentChanges } from './document-changes';

/** The documents, in memory: one owned by alice, one by bob. A real app would use its database. */
@Injectable()
export class DocumentsService {
  private readonly documents = new Map<string, Document>([
    ['1', new Document('1', 'alice', 'Roadmap', 'What we build next.')],
    ['2', new Document('2', 'bob', 'Notes', "Bob's meeting notes.")],
  ]);

  findAll(): Document[] {
    return [...this.documents.values()];
  }

  /** The document with this id, or `undefined`. */
  findOne(id: string): Document | undefined {
    return this.documents.get(id);
  }

  update(document: Document, changes: DocumentChanges): Document {
    if (changes.title !== undefined) document.title = changes.title;
    if (changes.body !== undefined) document.body = changes.body;
    return document;
  }

  remove(document: Document): void {
    this.documents.delete(document.id);
  }
}
