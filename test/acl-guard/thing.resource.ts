import { GoneException, Injectable } from '@nestjs/common';
import type { ResourceLoader } from 'nestjs-jwt-permissions';
import type { Thing } from './thing.entity';
import { ThingsService } from './things.service';

/** Loads `/things/:id`, counting its calls; `gone` throws an error of its own. */
@Injectable()
export class ThingResource implements ResourceLoader<Thing> {
  constructor(private readonly things: ThingsService) {}

  load(request: { params: { id: string } }): Thing | undefined {
    this.things.loads += 1;
    if (request.params.id === 'gone') throw new GoneException('This thing was removed');
    return this.things.things.get(request.params.id);
  }
}
