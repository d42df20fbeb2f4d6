/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_TYPE_ROW_SLOT (mc_row_slot_get_type ())
G_DECLARE_FINAL_TYPE (McRowSlot, mc_row_slot, MC, ROW_SLOT, GObject)

gpointer     mc_row_slot_get_item     (McRowSlot  *self);

#define MC_TYPE_ROW_SLOTS (mc_row_slots_get_type ())
G_DECLARE_FINAL_TYPE (McRowSlots, mc_row_slots, MC, ROW_SLOTS, GObject)

McRowSlots  *mc_row_slots_new         (void);
void         mc_row_slots_set_model   (McRowSlots *self,
                                       GListModel *model);
GListModel  *mc_row_slots_get_model   (McRowSlots *self);
gboolean     mc_row_slots_get_growing (McRowSlots *self);

G_END_DECLS
