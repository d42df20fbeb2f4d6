/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-store.h"
#include "mc-types.h"

G_BEGIN_DECLS

/* The demo province of `motcua-server seed-demo`: one real province after
 * the 2025 reform (Thanh Hóa, agency ids 000.00.xx.H56) with its provincial
 * Public Administration Service Center, the departments of domain.md §9,
 * four communes with their own centers, the procedures of §9 with their
 * components, accounts of every role sharing one password, and N dossiers
 * received over the 120 days before `now` whose histories are legal moves
 * of core's workflow table (mc-workflow.h) and whose outcomes follow the
 * shares of domain.md §6.
 *
 * Deterministic: the same seed and the same `now` give the same database
 * content (every id and every choice comes from one seeded GRand), except
 * what the store itself stamps with the wall clock (users' created_at) and
 * the password hash, whose salt is random by design. */

#define MC_SEED_ERROR (mc_seed_error_quark ())

typedef enum {
  MC_SEED_ERROR_NOT_EMPTY,  /* the database already has an organisation or dossiers */
  MC_SEED_ERROR_INVALID,    /* options out of range */
  MC_SEED_ERROR_FAILED,     /* the generator broke one of its own rules: a bug */
} McSeedError;

#define MC_SEED_DEFAULT_DOSSIERS 20000
#define MC_SEED_MAX_DOSSIERS 2000000
/* 1 July 2025, the day Decree 118/2025/NĐ-CP took effect. */
#define MC_SEED_DEFAULT_SEED 20250701u
#define MC_SEED_DEMO_PASSWORD "motcua-demo"
/* Dossiers are received over this many days before `now`. */
#define MC_SEED_DAYS 120

typedef struct {
  guint   n_dossiers;  /* 1 … MC_SEED_MAX_DOSSIERS */
  guint32 seed;
  gint64  now;         /* MC_TIME_NONE: the current time */
} McSeedOptions;

/* MC_SEED_DEFAULT_DOSSIERS, MC_SEED_DEFAULT_SEED, the current time. */
void mc_seed_options_init (McSeedOptions *options);

/* One account created, for the printed summary. */
typedef struct {
  char   *username;         /* owned */
  char   *full_name;        /* owned */
  McRole  role;
  char   *department_name;  /* owned, nullable: supervisors and administrators */
} McSeedAccount;

/* Paper (counter and postal) and online, the two columns of domain.md §6. */
typedef enum {
  MC_SEED_PAPER = 0,
  MC_SEED_ONLINE,
  MC_SEED_N_CLASSES
} McSeedClass;

typedef struct {
  gint64     now;
  guint32    seed;
  guint      n_departments;
  guint      n_procedures;
  guint      n_dossiers;
  guint      n_events;
  guint      by_status[MC_STATUS_LAST + 1];             /* index: McStatus */
  /* Finished dossiers (result ready or returned) by outcome. */
  guint      by_timeliness[MC_SEED_N_CLASSES][MC_TIMELINESS_LATE + 1];
  /* Open dossiers at `now` (submitted … awaiting payment). */
  guint      due_soon;
  guint      overdue;
  GPtrArray *accounts;  /* McSeedAccount, owned */
  char      *password;  /* owned: the one password of every account */
} McSeedReport;

GQuark   mc_seed_error_quark  (void);

void     mc_seed_report_clear (McSeedReport        *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McSeedReport, mc_seed_report_clear)

/* Seeds an empty database (MC_SEED_ERROR_NOT_EMPTY when it has departments,
 * hence possibly dossiers). Writes in transactions of a few thousand
 * dossiers; on failure the batch in progress is rolled back, earlier ones
 * stay. `report` (nullable) is filled in on success. */
gboolean mc_server_seed_demo  (McStore             *store,
                               const McSeedOptions *options,
                               McSeedReport        *report,
                               GError             **error);

G_END_DECLS
