import { Body, Controller, Delete, Get, Param, Post, UseGuards, Version } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiOkResponse } from '@nestjs/swagger';
import { JwtAuthGuard, Permission, Public } from 'nestjs-jwt-permissions';

/** Routes of every kind the document describes, with no decorator for the security. */
@Controller('notes')
export class NotesController {
  @Get()
  list(): string[] {
    return [];
  }

  @Public()
  @Get('public')
  open(): string {
    return 'open';
  }

  @Permission('admin')
  @Post()
  create(@Body() body: unknown): unknown {
    return body;
  }

  @Permission('admin')
  @Delete(':id')
  @ApiForbiddenResponse({ description: 'Only the author or an admin may delete a note.' })
  remove(@Param('id') id: string): string {
    return id;
  }

  @Get('documented')
  @ApiBearerAuth('partner-token')
  @ApiOkResponse({ description: 'Documented by the application itself.' })
  @ApiExtension('x-owner', 'notes-team')
  documented(): string {
    return 'documented';
  }

  @Version('2')
  @Get('versioned')
  versioned(): string {
    return 'v2';
  }
}

/** Routes of an application without the global guard: only the @UseGuards() ones are guarded. */
@Controller('local')
export class LocalController {
  @Get('free')
  free(): string {
    return 'free';
  }

  @UseGuards(JwtAuthGuard)
  @Get('guarded')
  guarded(): string {
    return 'guarded';
  }
}
